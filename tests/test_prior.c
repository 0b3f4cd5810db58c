/* test_prior.c — prior distributions and MVN draws (src/stats/prior.c).
 *
 * 1. Quantile, CDF and density of every family, untruncated and truncated,
 *    against R (table REFS, made by tests/r/prior_ref.R; R 4.2.2), including
 *    small beta/gamma shapes where GSL's inverses fail (bisection): 1e-10
 *    relative (the CDF of a window with a finite lower end also gets 1e-15
 *    absolute: F(x) - F(lo) cancels in both programs at p = 1e-12).
 * 2. Truncation: normal:0.7,0.5 on (0, inf) and normal:-10,1 on (0, inf)
 *    draw > 0 at extreme u, masses against R's pnorm; lognormal untouched
 *    by (0, inf); beta on [0,1) stays < 1 as u -> 1; fixed's mass.
 * 3. Inversion: draws non-decreasing in u over a grid reaching 1e-300 and
 *    1 - 2^-53; Kolmogorov-Smirnov of 10^5 draws (u from PCG64) against the
 *    CDF, D below the 0.001 critical value 1.9495 / sqrt(n); gamma and beta
 *    sample mean and variance within 4 SE of the truth.
 * 4. Parse errors: -1 and a message with "expected"; blanks accepted.
 * 5. fixed:V draws V bit for bit.
 * 6. MVN: 3 x 3 Cholesky against R's chol() (1e-14 relative); 10^5 draws:
 *    means and covariances within 4 SE; refusals name the parameter; k = 64
 *    (L L' = S to 1e-12, u = 1/2 gives the mean, a variance within 4 SE).
 * 7. Text: parse(text(d)) == d bit for bit. */
#include "prior.h"
#include "rng.h"
#include "tap.h"

#include <gsl/gsl_errno.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ref {
    hs_prior_kind kind;
    double a, b, lo, hi, p, x, cdf, pdf;
} ref;

/* Rscript tests/r/prior_ref.R (R version 4.2.2 Patched (2022-11-10 r83330)) */
static const ref REFS[] = {
    {HS_PRIOR_NORMAL, 40, 4, -INFINITY, INFINITY, 9.9999999999999998e-13, 11.862064698795471, 9.9999999999999877e-13, 1.7928506184285863e-12},
    {HS_PRIOR_NORMAL, 40, 4, -INFINITY, INFINITY, 0.001, 27.639070775328747, 0.0010000000000000013, 0.00084177251926599898},
    {HS_PRIOR_NORMAL, 40, 4, -INFINITY, INFINITY, 0.025000000000000001, 32.160144061839787, 0.025000000000000064, 0.01461126745125887},
    {HS_PRIOR_NORMAL, 40, 4, -INFINITY, INFINITY, 0.29999999999999999, 37.902397949167835, 0.29999999999999982, 0.086923153550018423},
    {HS_PRIOR_NORMAL, 40, 4, -INFINITY, INFINITY, 0.5, 40, 0.5, 0.099735570100358176},
    {HS_PRIOR_NORMAL, 40, 4, -INFINITY, INFINITY, 0.77000000000000002, 42.955387396740853, 0.76999999999999991, 0.075912021005662356},
    {HS_PRIOR_NORMAL, 40, 4, -INFINITY, INFINITY, 0.97499999999999998, 47.839855938160213, 0.97499999999999998, 0.01461126745125887},
    {HS_PRIOR_NORMAL, 40, 4, -INFINITY, INFINITY, 0.999, 52.360929224671253, 0.999, 0.00084177251926599898},
    {HS_PRIOR_NORMAL, 40, 4, -INFINITY, INFINITY, 0.99999999999900002, 68.137947640191342, 0.99999999999900002, 1.7928117146994594e-12},
    {HS_PRIOR_NORMAL, 0.69999999999999996, 0.5, 0, INFINITY, 9.9999999999999998e-13, 3.0696556407860953e-12, 1.0000231969299695e-12, 0.32576241566727587},
    {HS_PRIOR_NORMAL, 0.69999999999999996, 0.5, 0, INFINITY, 0.001, 0.0030566234734309417, 0.0010000000000000063, 0.32855629371650513},
    {HS_PRIOR_NORMAL, 0.69999999999999996, 0.5, 0, INFINITY, 0.025000000000000001, 0.069731189819587147, 0.024999999999999963, 0.39216818188230007},
    {HS_PRIOR_NORMAL, 0.69999999999999996, 0.5, 0, INFINITY, 0.29999999999999999, 0.51612477771907339, 0.29999999999999999, 0.81122717710967407},
    {HS_PRIOR_NORMAL, 0.69999999999999996, 0.5, 0, INFINITY, 0.5, 0.75069344647668546, 0.50000000000000011, 0.86353003369947012},
    {HS_PRIOR_NORMAL, 0.69999999999999996, 0.5, 0, INFINITY, 0.77000000000000002, 1.1007416253460325, 0.77000000000000002, 0.62953448200404505},
    {HS_PRIOR_NORMAL, 0.69999999999999996, 0.5, 0, INFINITY, 0.97499999999999998, 1.6978702923773303, 0.97499999999999998, 0.11847217093317672},
    {HS_PRIOR_NORMAL, 0.69999999999999996, 0.5, 0, INFINITY, 0.999, 2.2575771838148451, 0.999, 0.0067806635255311569},
    {HS_PRIOR_NORMAL, 0.69999999999999996, 0.5, 0, INFINITY, 0.99999999999900002, 4.2231095871597395, 0.99999999999900002, 1.4365533635314904e-11},
    {HS_PRIOR_NORMAL, 0, 1, 3, INFINITY, 9.9999999999999998e-13, 3.0000000000003046, 1.0002721346166489e-12, 3.2830986549274361},
    {HS_PRIOR_NORMAL, 0, 1, 3, INFINITY, 0.001, 3.0003047295511358, 0.00099999999999965329, 3.2800985025888778},
    {HS_PRIOR_NORMAL, 0, 1, 3, INFINITY, 0.025000000000000001, 3.0077031586208172, 0.024999999999999523, 3.2080027367863502},
    {HS_PRIOR_NORMAL, 0, 1, 3, INFINITY, 0.29999999999999999, 3.107016696637142, 0.30000000000000004, 2.3679185296343688},
    {HS_PRIOR_NORMAL, 0, 1, 3, INFINITY, 0.5, 3.2051549205989329, 0.49999999999999961, 1.73720700806546},
    {HS_PRIOR_NORMAL, 0, 1, 3, INFINITY, 0.77000000000000002, 3.4222932188918374, 0.77000000000000046, 0.84598153172130908},
    {HS_PRIOR_NORMAL, 0, 1, 3, INFINITY, 0.97499999999999998, 3.9849480104043615, 0.97499999999999998, 0.1052814925543978},
    {HS_PRIOR_NORMAL, 0, 1, 3, INFINITY, 0.999, 4.6924294837301392, 0.999, 0.0048895278146241098},
    {HS_PRIOR_NORMAL, 0, 1, 3, INFINITY, 0.99999999999900002, 7.9040550826558471, 0.99999999999900002, 8.0266353437274554e-12},
    {HS_PRIOR_NORMAL, 0, 1, 6, 8, 9.9999999999999998e-13, 6.0000000000001625, 1.0008715230116977e-12, 6.1584864877923353},
    {HS_PRIOR_NORMAL, 0, 1, 6, 8, 0.001, 6.0001624567100524, 0.0010000000000034543, 6.1524864065831597},
    {HS_PRIOR_NORMAL, 0, 1, 6, 8, 0.025000000000000001, 6.0041097054409986, 0.025000000000007964, 6.0084353276713074},
    {HS_PRIOR_NORMAL, 0, 1, 6, 8, 0.29999999999999999, 6.0576525795515783, 0.2999999999999961, 4.3503385081982833},
    {HS_PRIOR_NORMAL, 0, 1, 6, 8, 0.5, 6.1115649612052669, 0.49999999999999484, 3.1337109515784332},
    {HS_PRIOR_NORMAL, 0, 1, 6, 8, 0.77000000000000002, 6.2342901378676814, 0.76999999999999846, 1.4690916516751193},
    {HS_PRIOR_NORMAL, 0, 1, 6, 8, 0.97499999999999998, 6.5729422498389773, 0.97499999999999953, 0.16797269164298689},
    {HS_PRIOR_NORMAL, 0, 1, 6, 8, 0.999, 7.0362787053181215, 0.99899999999999989, 0.0071776879369427503},
    {HS_PRIOR_NORMAL, 0, 1, 6, 8, 0.99999999999900002, 7.9999998047285246, 0.99999999999900002, 5.1209663806385241e-06},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, -INFINITY, INFINITY, 9.9999999999999998e-13, 0.24361343962468276, 9.9999999999999877e-13, 1.9625087145610146e-10},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, -INFINITY, INFINITY, 0.001, 0.44019615441401616, 0.00099999999999999937, 0.050993783010912785},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, -INFINITY, INFINITY, 0.025000000000000001, 0.52152680936673423, 0.025000000000000053, 0.74710214643299089},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, -INFINITY, INFINITY, 0.29999999999999999, 0.64683756359517353, 0.30000000000000004, 3.5835129123461456},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, -INFINITY, INFINITY, 0.5, 0.69977249773461103, 0.5, 3.8006855246330047},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, -INFINITY, INFINITY, 0.77000000000000002, 0.78178698548455894, 0.76999999999999991, 2.5893505491093629},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, -INFINITY, INFINITY, 0.97499999999999998, 0.93893840123067451, 0.97499999999999998, 0.41497269489621436},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, -INFINITY, INFINITY, 0.999, 1.1124166889590263, 0.999, 0.02017882993236305},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, -INFINITY, INFINITY, 0.99999999999900002, 2.0100770134920984, 0.99999999999900002, 2.3784318745543317e-11},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, 0, 1, 9.9999999999999998e-13, 0.2435691468744412, 1.0000000000000091e-12, 1.9631913815742879e-10},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, 0, 1, 0.001, 0.44002575687748985, 0.00099999999999999829, 0.051049986144372513},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, 0, 1, 0.025000000000000001, 0.52123617034581871, 0.02499999999999997, 0.7485684905413621},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, 0, 1, 0.29999999999999999, 0.64611186254433706, 0.30000000000000004, 3.6045887528101246},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, 0, 1, 0.5, 0.69863461762789536, 0.50000000000000022, 3.8398910568482978},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, 0, 1, 0.77000000000000002, 0.77923745628078045, 0.77000000000000002, 2.6623788214078528},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, 0, 1, 0.97499999999999998, 0.92115415175514914, 0.97499999999999987, 0.54335653346481205},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, 0, 1, 0.999, 0.99398451751467509, 0.999, 0.17475574765822111},
    {HS_PRIOR_LOGNORMAL, -0.35699999999999998, 0.14999999999999999, 0, 1, 0.99999999999900002, 0.99999999999366995, 0.99999999999900002, 0.15797404278348046},
    {HS_PRIOR_LOGNORMAL, 0, 1, 0, INFINITY, 9.9999999999999998e-13, 0.00088097278344686028, 9.9999999999999877e-13, 8.1403223895927847e-09},
    {HS_PRIOR_LOGNORMAL, 0, 1, 0, INFINITY, 0.001, 0.045491385247653525, 0.0010000000000000013, 0.074015993549848488},
    {HS_PRIOR_LOGNORMAL, 0, 1, 0, INFINITY, 0.025000000000000001, 0.14086349409321752, 0.025000000000000029, 0.41490572260232961},
    {HS_PRIOR_LOGNORMAL, 0, 1, 0, INFINITY, 0.29999999999999999, 0.59191010060955418, 0.30000000000000004, 0.5874078071011406},
    {HS_PRIOR_LOGNORMAL, 0, 1, 0, INFINITY, 0.5, 1, 0.5, 0.3989422804014327},
    {HS_PRIOR_LOGNORMAL, 0, 1, 0, INFINITY, 0.77000000000000002, 2.0935199777548386, 0.77000000000000002, 0.14504188507830326},
    {HS_PRIOR_LOGNORMAL, 0, 1, 0, INFINITY, 0.97499999999999998, 7.0990713842313315, 0.97499999999999998, 0.0082327767452592977},
    {HS_PRIOR_LOGNORMAL, 0, 1, 0, INFINITY, 0.999, 21.982183979582828, 0.999, 0.00015317359185926965},
    {HS_PRIOR_LOGNORMAL, 0, 1, 0, INFINITY, 0.99999999999900002, 1135.1123480102162, 0.99999999999900002, 6.3176538175878272e-15},
    {HS_PRIOR_UNIFORM, 2, 5, -INFINITY, INFINITY, 9.9999999999999998e-13, 2.0000000000029998, 9.9994087084572426e-13, 0.33333333333333331},
    {HS_PRIOR_UNIFORM, 2, 5, -INFINITY, INFINITY, 0.001, 2.0030000000000001, 0.001000000000000038, 0.33333333333333331},
    {HS_PRIOR_UNIFORM, 2, 5, -INFINITY, INFINITY, 0.025000000000000001, 2.0750000000000002, 0.02500000000000006, 0.33333333333333331},
    {HS_PRIOR_UNIFORM, 2, 5, -INFINITY, INFINITY, 0.29999999999999999, 2.8999999999999999, 0.29999999999999999, 0.33333333333333331},
    {HS_PRIOR_UNIFORM, 2, 5, -INFINITY, INFINITY, 0.5, 3.5, 0.5, 0.33333333333333331},
    {HS_PRIOR_UNIFORM, 2, 5, -INFINITY, INFINITY, 0.77000000000000002, 4.3100000000000005, 0.77000000000000013, 0.33333333333333331},
    {HS_PRIOR_UNIFORM, 2, 5, -INFINITY, INFINITY, 0.97499999999999998, 4.9249999999999998, 0.97499999999999998, 0.33333333333333331},
    {HS_PRIOR_UNIFORM, 2, 5, -INFINITY, INFINITY, 0.999, 4.9969999999999999, 0.999, 0.33333333333333331},
    {HS_PRIOR_UNIFORM, 2, 5, -INFINITY, INFINITY, 0.99999999999900002, 4.9999999999969997, 0.99999999999899991, 0.33333333333333331},
    {HS_PRIOR_UNIFORM, 2, 5, 3, INFINITY, 9.9999999999999998e-13, 3.0000000000020002, 1.0001166561579564e-12, 0.49999999999999994},
    {HS_PRIOR_UNIFORM, 2, 5, 3, INFINITY, 0.001, 3.0019999999999998, 0.00099999999999988965, 0.49999999999999994},
    {HS_PRIOR_UNIFORM, 2, 5, 3, INFINITY, 0.025000000000000001, 3.0499999999999998, 0.024999999999999908, 0.49999999999999994},
    {HS_PRIOR_UNIFORM, 2, 5, 3, INFINITY, 0.29999999999999999, 3.6000000000000001, 0.29999999999999999, 0.49999999999999994},
    {HS_PRIOR_UNIFORM, 2, 5, 3, INFINITY, 0.5, 4, 0.49999999999999994, 0.49999999999999994},
    {HS_PRIOR_UNIFORM, 2, 5, 3, INFINITY, 0.77000000000000002, 4.54, 0.77000000000000002, 0.49999999999999994},
    {HS_PRIOR_UNIFORM, 2, 5, 3, INFINITY, 0.97499999999999998, 4.9500000000000002, 0.97500000000000009, 0.49999999999999994},
    {HS_PRIOR_UNIFORM, 2, 5, 3, INFINITY, 0.999, 4.9980000000000002, 0.99900000000000011, 0.49999999999999994},
    {HS_PRIOR_UNIFORM, 2, 5, 3, INFINITY, 0.99999999999900002, 4.9999999999979998, 0.9999999999989998, 0.49999999999999994},
    {HS_PRIOR_BETA, 2, 5, -INFINITY, INFINITY, 9.9999999999999998e-13, 2.5819897863610085e-07, 1.0000000000000002e-12, 7.7459613590806208e-06},
    {HS_PRIOR_BETA, 2, 5, -INFINITY, INFINITY, 0.001, 0.0082554927877466801, 0.0010000000000000005, 0.2395871228876254},
    {HS_PRIOR_BETA, 2, 5, -INFINITY, INFINITY, 0.025000000000000001, 0.043271868292741683, 0.024999999999999984, 1.0876297491006759},
    {HS_PRIOR_BETA, 2, 5, -INFINITY, INFINITY, 0.29999999999999999, 0.18180347131894911, 0.29999999999999993, 2.4442968970579591},
    {HS_PRIOR_BETA, 2, 5, -INFINITY, INFINITY, 0.5, 0.26444998329565994, 0.50000000000000011, 2.3222749490794277},
    {HS_PRIOR_BETA, 2, 5, -INFINITY, INFINITY, 0.77000000000000002, 0.40211840261009901, 0.77000000000000002, 1.5414730921173354},
    {HS_PRIOR_BETA, 2, 5, -INFINITY, INFINITY, 0.97499999999999998, 0.64123457899767478, 0.97499999999999998, 0.31869885212393073},
    {HS_PRIOR_BETA, 2, 5, -INFINITY, INFINITY, 0.999, 0.81861386691913385, 0.999, 0.026583776746547574},
    {HS_PRIOR_BETA, 2, 5, -INFINITY, INFINITY, 0.99999999999900002, 0.99721663905675362, 0.99999999999900002, 1.7955143744710452e-09},
    {HS_PRIOR_BETA, 0.5, 0.5, 0, 1, 9.9999999999999998e-13, 2.4674011002723402e-24, 9.9999999999999998e-13, 202642367284.67548},
    {HS_PRIOR_BETA, 0.5, 0.5, 0, 1, 0.001, 2.4673990709169446e-06, 0.001, 202.64270061839278},
    {HS_PRIOR_BETA, 0.5, 0.5, 0, 1, 0.025000000000000001, 0.0015413331334360124, 0.025000000000000001, 8.1140340257789418},
    {HS_PRIOR_BETA, 0.5, 0.5, 0, 1, 0.29999999999999999, 0.20610737385376351, 0.29999999999999999, 0.78690531446677259},
    {HS_PRIOR_BETA, 0.5, 0.5, 0, 1, 0.5, 0.49999999999999989, 0.49999999999999944, 0.63661977236758116},
    {HS_PRIOR_BETA, 0.5, 0.5, 0, 1, 0.77000000000000002, 0.8750555348152298, 0.77000000000000002, 0.96266195383627939},
    {HS_PRIOR_BETA, 0.5, 0.5, 0, 1, 0.97499999999999998, 0.99845866686656404, 0.97500000000000042, 8.1140340257790715},
    {HS_PRIOR_BETA, 0.5, 0.5, 0, 1, 0.999, 0.99999753260092905, 0.99899999999999345, 202.64270061707853},
    {HS_PRIOR_BETA, 2, 5, 0.40000000000000002, 0.90000000000000002, 9.9999999999999998e-13, 0.4000000000001499, 9.9966485227262459e-13, 6.6682388251646643},
    {HS_PRIOR_BETA, 2, 5, 0.40000000000000002, 0.90000000000000002, 0.001, 0.40015001151696916, 0.0010000000000004914, 6.6640708564327928},
    {HS_PRIOR_BETA, 2, 5, 0.40000000000000002, 0.90000000000000002, 0.025000000000000001, 0.40377886431080734, 0.024999999999999908, 6.5632538950273807},
    {HS_PRIOR_BETA, 2, 5, 0.40000000000000002, 0.90000000000000002, 0.29999999999999999, 0.45020646623875815, 0.29999999999999982, 5.2912269819956324},
    {HS_PRIOR_BETA, 2, 5, 0.40000000000000002, 0.90000000000000002, 0.5, 0.49239595661440982, 0.50000000000000056, 4.2049508360816299},
    {HS_PRIOR_BETA, 2, 5, 0.40000000000000002, 0.90000000000000002, 0.77000000000000002, 0.57505898792815191, 0.77000000000000002, 2.4119768784956177},
    {HS_PRIOR_BETA, 2, 5, 0.40000000000000002, 0.90000000000000002, 0.97499999999999998, 0.73708926189949886, 0.97499999999999998, 0.45300139038748716},
    {HS_PRIOR_BETA, 2, 5, 0.40000000000000002, 0.90000000000000002, 0.999, 0.85968072844589871, 0.999, 0.042869915749794325},
    {HS_PRIOR_BETA, 2, 5, 0.40000000000000002, 0.90000000000000002, 0.99999999999900002, 0.89999999991362234, 0.99999999999900002, 0.011576803554806102},
    {HS_PRIOR_GAMMA, 2, 0.5, -INFINITY, INFINITY, 9.9999999999999998e-13, 2.8284284580803877e-06, 1.0000000000000002e-12, 7.0710611451986141e-07},
    {HS_PRIOR_GAMMA, 2, 0.5, -INFINITY, INFINITY, 0.001, 0.090804035538979117, 0.0010000000000000002, 0.021693384449598979},
    {HS_PRIOR_GAMMA, 2, 0.5, -INFINITY, INFINITY, 0.025000000000000001, 0.48441855708792975, 0.024999999999999998, 0.095054050335692974},
    {HS_PRIOR_GAMMA, 2, 0.5, -INFINITY, INFINITY, 0.29999999999999999, 2.1946984214069833, 0.29999999999999982, 0.18312268733607642},
    {HS_PRIOR_GAMMA, 2, 0.5, -INFINITY, INFINITY, 0.5, 3.356693980033322, 0.5, 0.15665884557458148},
    {HS_PRIOR_GAMMA, 2, 0.5, -INFINITY, INFINITY, 0.77000000000000002, 5.6126910339958451, 0.77000000000000002, 0.084787293484932788},
    {HS_PRIOR_GAMMA, 2, 0.5, -INFINITY, INFINITY, 0.97499999999999998, 11.143286781877798, 0.97499999999999998, 0.010597888266847339},
    {HS_PRIOR_GAMMA, 2, 0.5, -INFINITY, INFINITY, 0.999, 18.466826952903169, 0.999, 0.00045114044779383152},
    {HS_PRIOR_GAMMA, 2, 0.5, -INFINITY, INFINITY, 0.99999999999900002, 62.199792058108969, 0.99999999999900002, 4.8441290927685976e-13},
    {HS_PRIOR_GAMMA, 0.5, 3, -INFINITY, INFINITY, 9.9999999999999998e-13, 2.6179938779914959e-25, 1.0000000000000002e-12, 1909859317102.7432},
    {HS_PRIOR_GAMMA, 0.5, 3, -INFINITY, INFINITY, 0.001, 2.617995248770817e-07, 0.001, 1909.8573171027965},
    {HS_PRIOR_GAMMA, 0.5, 3, -INFINITY, INFINITY, 0.025000000000000001, 0.00016367818619587602, 0.025000000000000001, 76.344373502385878},
    {HS_PRIOR_GAMMA, 0.5, 3, -INFINITY, INFINITY, 0.29999999999999999, 0.024745310305424238, 0.29999999999999999, 5.7676511375450437},
    {HS_PRIOR_GAMMA, 0.5, 3, -INFINITY, INFINITY, 0.5, 0.075822737186595462, 0.49999999999999994, 2.8268175099033819},
    {HS_PRIOR_GAMMA, 0.5, 3, -INFINITY, INFINITY, 0.77000000000000002, 0.24014356467552467, 0.76999999999999991, 0.97022204777470511},
    {HS_PRIOR_GAMMA, 0.5, 3, -INFINITY, INFINITY, 0.97499999999999998, 0.83731436455248121, 0.97499999999999998, 0.086620043137320038},
    {HS_PRIOR_GAMMA, 0.5, 3, -INFINITY, INFINITY, 0.999, 1.8045943617771216, 0.999, 0.0032405578047768066},
    {HS_PRIOR_GAMMA, 0.5, 3, -INFINITY, INFINITY, 0.99999999999900002, 8.4740285554081964, 0.99999999999900002, 3.056815354283092e-12},
    {HS_PRIOR_GAMMA, 9, 2, 7, INFINITY, 9.9999999999999998e-13, 7.0000000000010187, 9.9920651326097986e-13, 0.98091835248777393},
    {HS_PRIOR_GAMMA, 9, 2, 7, INFINITY, 0.001, 7.0010198985357235, 0.0010000000000010168, 0.98006112639467924},
    {HS_PRIOR_GAMMA, 9, 2, 7, INFINITY, 0.025000000000000001, 7.0257692898372452, 0.024999999999998919, 0.95943751274815381},
    {HS_PRIOR_GAMMA, 9, 2, 7, INFINITY, 0.29999999999999999, 7.3559662131393804, 0.30000000000000177, 0.7157774664141211},
    {HS_PRIOR_GAMMA, 9, 2, 7, INFINITY, 0.5, 7.6793915326107074, 0.49999999999999911, 0.52887256321824527},
    {HS_PRIOR_GAMMA, 9, 2, 7, INFINITY, 0.77000000000000002, 8.3896034728123734, 0.76999999999999991, 0.25929000585636908},
    {HS_PRIOR_GAMMA, 9, 2, 7, INFINITY, 0.97499999999999998, 10.235144439954146, 0.97499999999999998, 0.031738733305454438},
    {HS_PRIOR_GAMMA, 9, 2, 7, INFINITY, 0.999, 12.64033994015311, 0.999, 0.0013988834928608492},
    {HS_PRIOR_GAMMA, 9, 2, 7, INFINITY, 0.99999999999900002, 25.752145268473168, 0.99999999999900002, 1.6960920575153017e-12},
    {HS_PRIOR_BETA, 0.050000000000000003, 0.5, -INFINITY, INFINITY, 9.9999999999999998e-13, 3.7047666941529367e-240, 9.9999999999999998e-13, 1.3496126511533475e+226},
    {HS_PRIOR_BETA, 0.050000000000000003, 0.5, -INFINITY, INFINITY, 0.001, 3.7047666941528701e-60, 0.0010000000000000002, 1.3496126511532699e+55},
    {HS_PRIOR_BETA, 0.050000000000000003, 0.5, -INFINITY, INFINITY, 0.025000000000000001, 3.3694656796368211e-32, 0.025000000000000001, 3.7097870073415643e+28},
    {HS_PRIOR_BETA, 0.050000000000000003, 0.5, -INFINITY, INFINITY, 0.29999999999999999, 1.2917722717721838e-10, 0.29999999999999999, 116119538.4720882},
    {HS_PRIOR_BETA, 0.050000000000000003, 0.5, -INFINITY, INFINITY, 0.5, 3.5331349001721998e-06, 0.5, 7075.8809860393212},
    {HS_PRIOR_BETA, 0.050000000000000003, 0.5, -INFINITY, INFINITY, 0.77000000000000002, 0.019700217425027811, 0.76999999999999991, 1.9728998491544618},
    {HS_PRIOR_BETA, 0.050000000000000003, 0.5, -INFINITY, INFINITY, 0.97499999999999998, 0.93185350710383508, 0.97499999999999998, 0.19183592664026816},
    {HS_PRIOR_BETA, 0.050000000000000003, 0.5, -INFINITY, INFINITY, 0.999, 0.99988601577962011, 0.99899999999999989, 4.3868887890607535},
    {HS_PRIOR_BETA, 0.01, 50, -INFINITY, INFINITY, 0.001, 1.1434485249132313e-302, 0.0010000000000000002, 8.7454745728566644e+296},
    {HS_PRIOR_BETA, 0.01, 50, -INFINITY, INFINITY, 0.025000000000000001, 7.1156976399833144e-163, 0.025000000000000001, 3.5133589515559075e+158},
    {HS_PRIOR_BETA, 0.01, 50, -INFINITY, INFINITY, 0.29999999999999999, 5.8930766585447781e-55, 0.29999999999999999, 5.0907194557703353e+51},
    {HS_PRIOR_BETA, 0.01, 50, -INFINITY, INFINITY, 0.5, 9.0202183843673022e-33, 0.5, 5.5431030457814425e+29},
    {HS_PRIOR_BETA, 0.01, 50, -INFINITY, INFINITY, 0.77000000000000002, 5.0967007599392298e-14, 0.77000000000000002, 151078126079.20828},
    {HS_PRIOR_BETA, 0.01, 50, -INFINITY, INFINITY, 0.97499999999999998, 0.00095171569800083422, 0.97499999999999998, 9.7821228076978723},
    {HS_PRIOR_BETA, 0.01, 50, -INFINITY, INFINITY, 0.999, 0.030022280141639157, 0.999, 0.075522224929622614},
    {HS_PRIOR_BETA, 0.01, 50, -INFINITY, INFINITY, 0.99999999999900002, 0.33251190017559185, 0.99999999999900002, 7.7725147405289984e-11},
    {HS_PRIOR_GAMMA, 0.050000000000000003, 2, -INFINITY, INFINITY, 9.9999999999999998e-13, 2.9223160286433186e-241, 9.9999999999999958e-13, 1.7109716919703752e+227},
    {HS_PRIOR_GAMMA, 0.050000000000000003, 2, -INFINITY, INFINITY, 0.001, 2.922316028643277e-61, 0.001, 1.7109716919703981e+56},
    {HS_PRIOR_GAMMA, 0.050000000000000003, 2, -INFINITY, INFINITY, 0.025000000000000001, 2.6578309449571602e-33, 0.025000000000000005, 4.7030831752925812e+29},
    {HS_PRIOR_GAMMA, 0.050000000000000003, 2, -INFINITY, INFINITY, 0.29999999999999999, 1.0189485943663255e-11, 0.29999999999999982, 1472105666.8258348},
    {HS_PRIOR_GAMMA, 0.050000000000000003, 2, -INFINITY, INFINITY, 0.5, 2.7869392203731292e-07, 0.5, 89704.097405888795},
    {HS_PRIOR_GAMMA, 0.050000000000000003, 2, -INFINITY, INFINITY, 0.77000000000000002, 0.0015734114348897868, 0.77000000000000002, 24.395898091145821},
    {HS_PRIOR_GAMMA, 0.050000000000000003, 2, -INFINITY, INFINITY, 0.97499999999999998, 0.28358688087692913, 0.97499999999999987, 0.099841565303252139},
    {HS_PRIOR_GAMMA, 0.050000000000000003, 2, -INFINITY, INFINITY, 0.999, 1.3682292993643368, 0.999, 0.0025580194012420486},
    {HS_PRIOR_GAMMA, 0.050000000000000003, 2, -INFINITY, INFINITY, 0.99999999999900002, 10.848840240380555, 0.99999999999900002, 2.0839466387504938e-12},
    {HS_PRIOR_GAMMA, 0.01, 1, 1.0000000000000001e-30, INFINITY, 9.9999999999999998e-13, 1.0000000000984001e-30, 9.9996753311542417e-13, 1.0163212040743624e+28},
    {HS_PRIOR_GAMMA, 0.01, 1, 1.0000000000000001e-30, INFINITY, 0.001, 1.1033441614912778e-30, 0.00099999999999995275, 9.2203433858603034e+27},
    {HS_PRIOR_GAMMA, 0.01, 1, 1.0000000000000001e-30, INFINITY, 0.025000000000000001, 1.135984818037831e-29, 0.025000000000000046, 9.1666824031330487e+26},
    {HS_PRIOR_GAMMA, 0.01, 1, 1.0000000000000001e-30, INFINITY, 0.29999999999999999, 1.7103660259935973e-19, 0.29999999999999999, 76961374592826272},
    {HS_PRIOR_GAMMA, 0.01, 1, 1.0000000000000001e-30, INFINITY, 0.5, 2.3769615299909173e-13, 0.49999999999999994, 63792416706.836884},
    {HS_PRIOR_GAMMA, 0.01, 1, 1.0000000000000001e-30, INFINITY, 0.77000000000000002, 3.1106992164400246e-06, 0.77000000000000024, 5742.4893189610648},
    {HS_PRIOR_GAMMA, 0.01, 1, 1.0000000000000001e-30, INFINITY, 0.97499999999999998, 0.19553744599701289, 0.97500000000000009, 0.083905902651781591},
    {HS_PRIOR_GAMMA, 0.01, 1, 1.0000000000000001e-30, INFINITY, 0.999, 2.001039534553132, 0.999, 0.0013795817681753065},
    {HS_PRIOR_GAMMA, 0.01, 1, 1.0000000000000001e-30, INFINITY, 0.99999999999900002, 20.688744997815551, 0.99999999999900002, 1.0457945912608582e-12},
};
#define NREFS ((int)(sizeof REFS / sizeof REFS[0]))

#define REL 1e-10
#define NKS 100000
#define NMVN 100000

static hs_prior_dist make(const char *text, double lo, int lo_open, double hi, int hi_open)
{
    hs_prior_dist d;
    char err[256];
    if (hs_prior_parse(text, &d, err, sizeof err) != 0) {
        diag("parse %s: %s", text, err);
        exit(1);
    }
    if (lo != -INFINITY || hi != INFINITY)
        hs_prior_truncate(&d, lo, lo_open, hi, hi_open);
    return d;
}

static void test_refs(void)
{
    for (int i = 0; i < NREFS; i++) {
        const ref *r = &REFS[i];
        hs_prior_dist d = {r->kind, r->a, r->b, -INFINITY, INFINITY, 0, 0, 0.0, 1.0};
        hs_prior_truncate(&d, r->lo, 0, r->hi, 0);
        char t[HS_PRIOR_TEXT];
        hs_prior_text(&d, t, sizeof t);
        double floor = isfinite(r->lo) && d.plo > 0 ? 1e-15 : 0.0;
        is_rel(hs_prior_quantile(&d, r->p), r->x, REL, "%s on [%g, %g]: quantile(%g)", t, r->lo, r->hi, r->p);
        is_double(hs_prior_cdf(&d, r->x), r->cdf, REL * fabs(r->cdf) + floor, "%s on [%g, %g]: cdf at %.10g", t,
                  r->lo, r->hi, r->x);
        is_rel(hs_prior_density(&d, r->x), r->pdf, REL, "%s on [%g, %g]: density at %.10g", t, r->lo, r->hi, r->x);
    }
}

static const double EXTREME_U[] = {1e-300, 0x1p-52, 0.5, 1.0 - 0x1p-53};
#define NEXT ((int)(sizeof EXTREME_U / sizeof EXTREME_U[0]))

static void test_truncation(void)
{
    hs_prior_dist d = make("normal:0.7,0.5", -INFINITY, 0, INFINITY, 0);
    is_rel(hs_prior_truncate(&d, 0.0, 1, INFINITY, 0), 0.91924334076622893, 1e-14,
           "normal:0.7,0.5 on (0, inf): mass = pnorm(1.4)");
    for (int i = 0; i < NEXT; i++) {
        double x = hs_prior_draw(&d, EXTREME_U[i]);
        ok(x > 0 && isfinite(x), "normal:0.7,0.5 on (0, inf): draw(%a) = %.17g > 0", EXTREME_U[i], x);
    }
    hs_prior_dist far = make("normal:-10,1", -INFINITY, 0, INFINITY, 0);
    is_rel(hs_prior_truncate(&far, 0.0, 1, INFINITY, 0), 7.6198530241605269e-24, 1e-12,
           "normal:-10,1 on (0, inf): mass = pnorm(-10) (upper-tail side)");
    int good = 1;
    for (int i = 0; i < NEXT; i++) {
        double x = hs_prior_draw(&far, EXTREME_U[i]);
        if (!(x > 0 && x < 5)) {
            good = 0;
            diag("normal:-10,1 on (0, inf): draw(%a) = %.17g", EXTREME_U[i], x);
        }
    }
    ok(good, "normal:-10,1 on (0, inf): draws in (0, 5) at extreme u");
    is_rel(hs_prior_quantile(&far, 0.5), 0.068411836081427424, 1e-10,
           "normal:-10,1 on (0, inf): median = R's -10 + qnorm(pnorm(-10) / 2, lower.tail = FALSE)");

    hs_prior_dist ln = make("lognormal:-0.357,0.15", -INFINITY, 0, INFINITY, 0), lt = ln;
    ok(hs_prior_truncate(&lt, 0.0, 1, INFINITY, 0) == 1.0, "lognormal on (0, inf): mass exactly 1");
    good = 1;
    for (int i = 0; i <= 1000; i++) {
        double u = i == 0 ? 1e-300 : i == 1000 ? 1.0 - 0x1p-53 : i / 1000.0;
        double a = hs_prior_draw(&ln, u), b = hs_prior_draw(&lt, u);
        if (memcmp(&a, &b, sizeof a) != 0)
            good = 0;
    }
    ok(good, "lognormal: draws on (0, inf) bit-identical to the untruncated ones");

    const char *betas[] = {"beta:2,0.5", "beta:0.5,0.5", "beta:3,0.05"};
    for (int k = 0; k < 3; k++) {
        hs_prior_dist b = make(betas[k], 0.0, 0, 1.0, 1);
        double x = hs_prior_draw(&b, 1.0 - 0x1p-53), x0 = hs_prior_draw(&b, 1e-300);
        ok(x < 1.0 && x0 >= 0.0 && x >= x0, "%s on [0, 1): draw(1 - 2^-53) = %.17g < 1, draw(1e-300) = %g >= 0",
           betas[k], x, x0);
    }
    hs_prior_dist un = make("uniform:2,5", 3.0, 0, 4.0, 0);
    ok(hs_prior_draw(&un, 1e-300) >= 3.0 && hs_prior_draw(&un, 1.0 - 0x1p-53) <= 4.0,
       "uniform:2,5 on [3, 4]: draws inside");
    is_rel(hs_prior_truncate(&un, 3.0, 0, 4.0, 0), 1.0 / 3.0, 1e-15, "uniform:2,5 on [3, 4]: mass 1/3");

    hs_prior_dist fx = make("fixed:0", -INFINITY, 0, INFINITY, 0);
    ok(hs_prior_truncate(&fx, 0.0, 1, INFINITY, 0) == 0.0, "fixed:0 on (0, inf): mass 0");
    ok(hs_prior_truncate(&fx, 0.0, 0, INFINITY, 0) == 1.0, "fixed:0 on [0, inf): mass 1");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct tcase {
    const char *text;
    double lo, hi;
    int lo_open, hi_open;
} tcase;

static const tcase CASES[] = {
    {"normal:0.7,0.5", 0.0, INFINITY, 1, 0},
    {"normal:0,1", 3.0, INFINITY, 0, 0},
    {"lognormal:-0.357,0.15", -INFINITY, INFINITY, 0, 0},
    {"uniform:2,5", -INFINITY, INFINITY, 0, 0},
    {"beta:2,5", 0.4, 0.9, 0, 0},
    {"beta:0.5,0.5", 0.0, 1.0, 0, 1},
    {"gamma:2,0.5", -INFINITY, INFINITY, 0, 0},
    {"gamma:0.5,3", 0.0, INFINITY, 1, 0},
};
#define NCASES ((int)(sizeof CASES / sizeof CASES[0]))

static void test_inversion(double *buf)
{
    for (int c = 0; c < NCASES; c++) {
        hs_prior_dist d = make(CASES[c].text, CASES[c].lo, CASES[c].lo_open, CASES[c].hi, CASES[c].hi_open);
        double prev = -INFINITY;
        int mono = 1;
        for (int i = 0; i <= 20000; i++) {
            double u = i == 0 ? 1e-300 : i == 1 ? 0x1p-52 : i == 20000 ? 1.0 - 0x1p-53 : (i - 1) / 19999.0;
            double x = hs_prior_draw(&d, u);
            if (!(x >= prev) || !(x >= d.lo && x <= d.hi)) {
                if (mono)
                    diag("%s: draw(%.17g) = %.17g after %.17g", CASES[c].text, u, x, prev);
                mono = 0;
            }
            prev = x;
        }
        ok(mono, "%s: draws non-decreasing in u and inside the domain (20001 u)", CASES[c].text);

        hs_rng r;
        hs_rng_stream(&r, 20260501u, (uint64_t)c, 0);
        for (int i = 0; i < NKS; i++)
            buf[i] = hs_prior_draw(&d, hs_rng_uniform(&r));
        qsort(buf, NKS, sizeof *buf, cmp_double);
        double dmax = 0;
        for (int i = 0; i < NKS; i++) {
            double f = hs_prior_cdf(&d, buf[i]);
            double e = fmax(fabs(f - (double)i / NKS), fabs(f - (double)(i + 1) / NKS));
            dmax = fmax(dmax, e);
        }
        double crit = 1.9495 / sqrt((double)NKS);
        ok(dmax < crit, "%s: KS D = %.5f < %.5f (10^5 draws)", CASES[c].text, dmax, crit);
    }

    struct {
        const char *text;
        double mean, var;
    } mom[] = {{"gamma:2,0.5", 4.0, 8.0}, {"beta:2,5", 2.0 / 7.0, 10.0 / 392.0}, {"gamma:0.5,3", 0.5 / 3, 0.5 / 9}};
    for (int c = 0; c < 3; c++) {
        hs_prior_dist d = make(mom[c].text, -INFINITY, 0, INFINITY, 0);
        hs_rng r;
        hs_rng_stream(&r, 20260502u, (uint64_t)c, 0);
        double s = 0;
        for (int i = 0; i < NKS; i++) {
            buf[i] = hs_prior_draw(&d, hs_rng_uniform(&r));
            s += buf[i];
        }
        double m = s / NKS, m2 = 0, m4 = 0;
        for (int i = 0; i < NKS; i++) {
            double e = buf[i] - m;
            m2 += e * e;
            m4 += e * e * e * e;
        }
        m2 /= NKS;
        m4 /= NKS;
        double se_m = sqrt(mom[c].var / NKS), se_v = sqrt((m4 - m2 * m2) / NKS);
        is_double(m, mom[c].mean, 4 * se_m, "%s: mean %.6g vs %.6g (4 SE = %.3g)", mom[c].text, m, mom[c].mean,
                  4 * se_m);
        is_double(m2, mom[c].var, 4 * se_v, "%s: variance %.6g vs %.6g (4 SE = %.3g)", mom[c].text, m2, mom[c].var,
                  4 * se_v);
    }
}

static const char *BAD[] = {
    "",  "   ", "weibull:1,2", "Normal:40,4", "normal 40,4", "normal40", ":1,2", "normal:40", "normal:40,4,1",
    "normal:40,", "normal:,4", "normal:nan,4", "normal:40,inf", "normal:40,-inf", "normal:40,0", "normal:40,-4",
    "lognormal:0,0", "uniform:5,5", "uniform:6,5", "beta:2,0", "beta:-1,2", "gamma:-1,2", "gamma:2,0",
    "normal:40,4x", "normal:40,4 junk", "normal:40 4", "fixed:", "fixed:1,2", "fixed:1e999", "gamma:1,1e-400x",
};
#define NBAD ((int)(sizeof BAD / sizeof BAD[0]))

static void test_parse(void)
{
    for (int i = 0; i < NBAD; i++) {
        hs_prior_dist d;
        char err[256] = "";
        int rc = hs_prior_parse(BAD[i], &d, err, sizeof err);
        ok(rc == -1 && strstr(err, "expected") && !strchr(err, '\n'), "\"%s\" refused: %s", BAD[i], err);
    }
    hs_prior_dist d;
    char err[256] = "";
    int rc = hs_prior_parse("  lognormal: -0.357 ,\t0.15  ", &d, err, sizeof err);
    ok(rc == 0 && d.kind == HS_PRIOR_LOGNORMAL && d.a == -0.357 && d.b == 0.15 && d.lo == -INFINITY &&
           d.hi == INFINITY && d.plo == 0 && d.phi == 1 && !d.lo_open && !d.hi_open,
       "blanks around the numbers accepted: %s", err);
    ok(hs_prior_parse("gamma:2,0.5", &d, err, sizeof err) == 0 && d.kind == HS_PRIOR_GAMMA && d.a == 2 && d.b == 0.5,
       "gamma:2,0.5 parsed");
}

static void test_fixed(void)
{
    hs_prior_dist d = make("fixed:0.1", -INFINITY, 0, INFINITY, 0);
    double v = 0.1;
    int same = 1;
    for (int i = 0; i < NEXT; i++) {
        double x = hs_prior_draw(&d, EXTREME_U[i]);
        same &= memcmp(&x, &v, sizeof v) == 0;
    }
    double x = hs_prior_draw(&d, 0.123);
    same &= memcmp(&x, &v, sizeof v) == 0;
    ok(same, "fixed:0.1 draws 0.1 bit for bit for any u");
    ok(hs_prior_cdf(&d, 0.1) == 1 && hs_prior_cdf(&d, nextafter(0.1, 0)) == 0 && hs_prior_density(&d, 0.1) == 0 &&
           hs_prior_quantile(&d, 0.3) == 0.1,
       "fixed:0.1: cdf a step at 0.1, density 0, quantile 0.1");
    hs_prior_dist t = d;
    ok(hs_prior_truncate(&t, 0.0, 1, 1.0, 0) == 1.0 && hs_prior_draw(&t, 0.7) == 0.1,
       "fixed:0.1 on (0, 1]: mass 1, draws 0.1");
}

static void test_mvn(void)
{
    static hs_prior_mvn m; /* large: not on the stack */
    char err[256] = "";
    const double mean[3] = {1, -2, 0.5};
    const double cov[6] = {4, 2, 9, -1, 3, 16};
    const double cholR[6] = {2, 1, 2.8284271247461903, -0.5, 1.2374368670764582, 3.7707757822495891};
    ok(hs_prior_mvn_init(&m, 3, mean, cov, err, sizeof err) == 0, "3 x 3 accepted: %s", err);
    for (int i = 0; i < 6; i++)
        is_rel(m.chol[i], cholR[i], 1e-14, "3 x 3: packed L[%d] = R's chol()", i);
    ok(m.sd[0] == 2 && m.sd[1] == 3 && m.sd[2] == 4, "3 x 3: sd = sqrt(diagonal)");
    {
        const double uz[3] = {0.975, 0.2, 0.6}, xR[3] = {4.9199279690801072, -2.4205003412599257, -0.56612001379995469};
        double x[3];
        hs_prior_mvn_draw(&m, uz, x);
        for (int i = 0; i < 3; i++)
            is_rel(x[i], xR[i], 1e-14, "3 x 3: draw at u = (0.975, 0.2, 0.6) = R's mean + t(chol(S)) %%*%% qnorm(u) [%d]", i + 1);
    }

    hs_rng r;
    hs_rng_stream(&r, 20260503u, 0, 0);
    double s[3] = {0}, ss[6] = {0};
    for (int n = 0; n < NMVN; n++) {
        double u[3], x[3];
        for (int i = 0; i < 3; i++)
            u[i] = hs_rng_uniform(&r);
        hs_prior_mvn_draw(&m, u, x);
        for (int i = 0; i < 3; i++) {
            s[i] += x[i];
            for (int j = 0; j <= i; j++)
                ss[i * (i + 1) / 2 + j] += (x[i] - mean[i]) * (x[j] - mean[j]);
        }
    }
    for (int i = 0; i < 3; i++) {
        double se = sqrt(cov[i * (i + 1) / 2 + i] / NMVN);
        is_double(s[i] / NMVN, mean[i], 4 * se, "3 x 3: mean %d within 4 SE (%.3g)", i + 1, 4 * se);
        for (int j = 0; j <= i; j++) {
            double sij = cov[i * (i + 1) / 2 + j], sii = cov[i * (i + 1) / 2 + i], sjj = cov[j * (j + 1) / 2 + j];
            double se2 = sqrt((sii * sjj + sij * sij) / NMVN);
            is_double(ss[i * (i + 1) / 2 + j] / NMVN, sij, 4 * se2, "3 x 3: cov(%d,%d) within 4 SE (%.3g)", i + 1,
                      j + 1, 4 * se2);
        }
    }

    const double npd[6] = {1, 0.5, 1, 1.5, 1.5, 3}; /* x3 = x1 + x2 */
    err[0] = '\0';
    ok(hs_prior_mvn_init(&m, 3, mean, npd, err, sizeof err) == -1 && strstr(err, "parameter 3") &&
           strstr(err, "positive definite") && strstr(err, "expected"),
       "not positive definite refused: %s", err);
    const double npd2[6] = {1, 2, 1, 0, 0, 1}; /* |corr| > 1 at parameter 2 */
    err[0] = '\0';
    ok(hs_prior_mvn_init(&m, 3, mean, npd2, err, sizeof err) == -1 && strstr(err, "parameter 2") &&
           strstr(err, "expected"),
       "indefinite at parameter 2 refused: %s", err);
    const double zd[6] = {1, 0, 0, 0, 0, 1};
    err[0] = '\0';
    ok(hs_prior_mvn_init(&m, 3, mean, zd, err, sizeof err) == -1 && strstr(err, "parameter 2") &&
           strstr(err, "expected"),
       "zero variance refused: %s", err);
    const double nf[6] = {1, 0, 1, 0, NAN, 1};
    err[0] = '\0';
    ok(hs_prior_mvn_init(&m, 3, mean, nf, err, sizeof err) == -1 && strstr(err, "parameter 3") &&
           strstr(err, "expected"),
       "NaN covariance refused: %s", err);
    err[0] = '\0';
    ok(hs_prior_mvn_init(&m, 0, mean, cov, err, sizeof err) == -1 && strstr(err, "expected 1 to 64"),
       "k = 0 refused: %s", err);
    err[0] = '\0';
    ok(hs_prior_mvn_init(&m, 65, mean, cov, err, sizeof err) == -1 && strstr(err, "expected 1 to 64"),
       "k = 65 refused: %s", err);

    /* k = 64: AR(1) correlation 0.9^|i-j|, sd 1 + i/10 */
    enum { K = HS_PRIOR_MVN_MAX };
    static double c64[HS_PRIOR_PACKED(K)];
    double m64[K], sd[K];
    for (int i = 0; i < K; i++) {
        sd[i] = 1 + i / 10.0;
        m64[i] = i - 30.0;
        for (int j = 0; j <= i; j++)
            c64[i * (i + 1) / 2 + j] = sd[i] * sd[j] * pow(0.9, i - j);
    }
    err[0] = '\0';
    ok(hs_prior_mvn_init(&m, K, m64, c64, err, sizeof err) == 0, "k = 64 accepted: %s", err);
    double worst = 0;
    for (int i = 0; i < K; i++)
        for (int j = 0; j <= i; j++) {
            double v = 0;
            for (int t = 0; t <= j; t++)
                v += m.chol[i * (i + 1) / 2 + t] * m.chol[j * (j + 1) / 2 + t];
            worst = fmax(worst, fabs(v - c64[i * (i + 1) / 2 + j]) / c64[i * (i + 1) / 2 + j]);
        }
    ok(worst < 1e-12, "k = 64: L L' = S (worst relative error %.2g)", worst);
    double u[K], x[K];
    for (int i = 0; i < K; i++)
        u[i] = 0.5;
    hs_prior_mvn_draw(&m, u, x);
    ok(memcmp(x, m64, sizeof x) == 0, "k = 64: u = 1/2 draws the mean exactly");
    double s1 = 0, s2 = 0;
    const int n64 = 20000;
    for (int n = 0; n < n64; n++) {
        for (int i = 0; i < K; i++)
            u[i] = hs_rng_uniform(&r);
        hs_prior_mvn_draw(&m, u, x);
        s1 += x[K - 1] - m64[K - 1];
        s2 += (x[K - 1] - m64[K - 1]) * (x[K - 1] - m64[K - 1]);
    }
    double v64 = sd[K - 1] * sd[K - 1];
    is_double(s2 / n64, v64, 4 * v64 * sqrt(2.0 / n64), "k = 64: variance of parameter 64 within 4 SE");
    is_double(s1 / n64, 0.0, 4 * sd[K - 1] / sqrt(n64), "k = 64: mean of parameter 64 within 4 SE");
}

static const char *TEXTS[] = {
    "normal:40,4", "lognormal:-0.357,0.15", "uniform:0.1,0.30000000000000004", "beta:0.01,999999.5",
    "gamma:0.5,3", "fixed:-0", "fixed:0.1", "normal:1.7976931348623157e+308,4.9406564584124654e-324",
    "gamma:999999.25,0.3333333333333333",
};
#define NTEXTS ((int)(sizeof TEXTS / sizeof TEXTS[0]))

static void test_text(void)
{
    for (int i = 0; i < NTEXTS; i++) {
        hs_prior_dist d, e;
        char err[256] = "", t[HS_PRIOR_TEXT];
        int rc = hs_prior_parse(TEXTS[i], &d, err, sizeof err);
        hs_prior_text(&d, t, sizeof t);
        int rc2 = hs_prior_parse(t, &e, err, sizeof err);
        ok(rc == 0 && rc2 == 0 && memcmp(&d, &e, sizeof d) == 0, "%s -> %s round-trips bit for bit", TEXTS[i], t);
    }
    hs_prior_dist d;
    char t[HS_PRIOR_TEXT];
    hs_prior_parse(" normal: 40.0 , 4e0 ", &d, NULL, 0);
    hs_prior_text(&d, t, sizeof t);
    ok(strcmp(t, "normal:40,4") == 0, "canonical text \"%s\"", t);
    hs_prior_parse("lognormal:-0.357,0.15", &d, NULL, 0);
    hs_prior_truncate(&d, 0.0, 1, INFINITY, 0);
    hs_prior_text(&d, t, sizeof t);
    ok(strcmp(t, "lognormal:-0.357,0.15") == 0, "truncation not shown: \"%s\"", t);
}

int main(void)
{
    gsl_set_error_handler_off();
    plan(3 * NREFS + 17 + 2 * NCASES + 6 + NBAD + 2 + 3 + 31 + NTEXTS + 2);
    static double buf[NKS];
    test_refs();
    test_truncation();
    test_inversion(buf);
    test_parse();
    test_fixed();
    test_mvn();
    test_text();
    return tap_done();
}
