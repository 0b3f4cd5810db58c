#!/usr/bin/python3
"""Reference vectors for src/core/rng.c from numpy's PCG64 (python3-numpy, Debian).

Run:  /usr/bin/python3 tests/ref/pcg64_numpy.py > tests/ref/pcg64_numpy.txt

Two kinds of line, all numbers in hex without 0x:
  raw  STATE INC  o1 .. o8
      numpy bit_generator.state set to the raw 128-bit (state, inc); o1..o8
      are the first 8 random_raw() outputs.  Checks hs_rng_set + hs_rng_next.
  seed INITSTATE INITSEQ STATE INC  o1 .. o8
      numpy PCG64(SeedSequence(k)) draws 4 uint64 words w0..w3 from the seed
      sequence and seeds pcg's setseq with initstate = w0:w1, initseq = w2:w3
      (high word first). STATE INC are the resulting raw state/increment.
      Checks hs_rng_seed.
"""
import numpy as np

M64 = (1 << 64) - 1


def raw_line(state, inc):
    bg = np.random.PCG64()
    bg.state = {"bit_generator": "PCG64",
                "state": {"state": state, "inc": inc},
                "has_uint32": 0, "uinteger": 0}
    st = bg.state["state"]
    outs = [int(x) for x in bg.random_raw(8)]
    return "raw %032x %032x " % (st["state"], st["inc"]) + " ".join("%016x" % o for o in outs)


def seed_line(k):
    ss = np.random.SeedSequence(k)
    w = [int(x) for x in ss.generate_state(4, np.uint64)]
    initstate = (w[0] << 64) | w[1]
    initseq = (w[2] << 64) | w[3]
    bg = np.random.PCG64(np.random.SeedSequence(k))
    st = bg.state["state"]
    outs = [int(x) for x in bg.random_raw(8)]
    return ("seed %032x %032x %032x %032x " % (initstate, initseq, st["state"], st["inc"])
            + " ".join("%016x" % o for o in outs))


def main():
    raws = [
        (1, 1),
        (0, 1),
        (42, 54 * 2 + 1),
        (0x0123456789ABCDEF0123456789ABCDEF, 0xFEDCBA9876543210FEDCBA9876543211),
        ((1 << 128) - 1, (1 << 128) - 1),
        (0xB5AD4ECEDA1CE2A9C2C1FBD2F0F0E1B1, 0x5851F42D4C957F2D14057B7EF767814F),
    ]
    for s, i in raws:
        print(raw_line(s, i))
    for k in (0, 1, 20250814, 2**63 + 12345):
        print(seed_line(k))


if __name__ == "__main__":
    main()
