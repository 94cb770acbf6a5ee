/*
 * reconstruct.c - regenerate examples/data/inotuzumab.csv byte for byte.
 *
 * Copyright (C) 2026 The libinotusurv authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This program builds a RECONSTRUCTED pseudo-individual patient data set
 * that is consistent with the summary figures published in
 *
 *   Kantarjian H, Thomas D, Jorgensen J, et al. Results of inotuzumab
 *   ozogamicin, a CD22 monoclonal antibody, in refractory and relapsed
 *   acute lymphocytic leukemia. Cancer 2013;119:2728-36.
 *   doi:10.1002/cncr.28136
 *
 * It is NOT trial data.  The trial's patient-level data are not public.
 *
 * Method
 *   1. Categorical attributes are assigned by construction: for every
 *      attribute the (arm x responder x level) cell counts below are
 *      chosen so that every published margin (Table 1 by arm, Table 2 by
 *      arm, Table 3 responders by level, MRD, SCT, VOD, alkylators) holds
 *      exactly; patients inside a cell receive their levels in a seeded
 *      random order.
 *   2. Times are integer days from the start of therapy.  A seeded late
 *      acceptance hill climb (integer loss, integer acceptance rule) moves
 *      the times (death/censoring, response, relapse, transplant), the
 *      vital status, and swaps labels that keep every margin (salvage,
 *      response type with MRD, MRD, whole "fate" blocks between patients
 *      of the same arm and response class) until every Kaplan-Meier
 *      median, 1-year rate, log-rank chi-square and follow-up summary,
 *      computed on the STORED values (months = days / 30.4375 rounded to
 *      two decimals), lies inside the interval that rounds to the
 *      published figure, with a safety margin.
 *   3. Start dates: a censored patient starts at cut-off minus follow-up;
 *      the others are placed on an even accrual grid inside the arm's
 *      window, subject to dying before the cut-off.
 *
 * Determinism: its own xoshiro256** generator seeded through splitmix64;
 * loss and acceptance decisions are integers; the only floating point is
 * the Kaplan-Meier products and log-rank sums, computed with single
 * divisions and products (no a*b+c that a compiler could contract), then
 * converted to integers.  Output is identical at -O0 and -O2.
 *
 * Usage: reconstruct [output.csv]     (default: standard output)
 *        Exit status 0 when every target holds, 2 when the search budget
 *        ran out first (the file is still written), 1 on I/O error.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#ifndef SEED
#define SEED 20130601ULL
#endif
#ifndef MAX_ITER
#define MAX_ITER 12000000L
#endif
#ifndef LAHC_LEN
#define LAHC_LEN 1000
#endif
/* restart from fresh random times when the best loss has not improved
 * for this many iterations */
#ifndef STALL
#define STALL 1500000L
#endif

#define NP 90
#define NARM 2
enum { SINGLE = 0, WEEKLY = 1 };
enum { CR = 0, CRP = 1, CRI = 2, RES = 3, ED = 4 };
enum { MRD_NEG = 0, MRD_POS = 1, MRD_NA = -1 };

/* ------------------------------------------------------------------ */
/* PRNG: splitmix64 seeding xoshiro256**                               */
/* ------------------------------------------------------------------ */
static uint64_t rs[4];

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rnext(void)
{
    uint64_t result = rotl(rs[1] * 5, 7) * 9;
    uint64_t t = rs[1] << 17;
    rs[2] ^= rs[0];
    rs[3] ^= rs[1];
    rs[1] ^= rs[2];
    rs[0] ^= rs[3];
    rs[2] ^= t;
    rs[3] = rotl(rs[3], 45);
    return result;
}

static void rseed(uint64_t s)
{
    int i;
    for (i = 0; i < 4; i++)
        rs[i] = splitmix64(&s);
}

/* uniform integer in [0, n) */
static int rint_n(int n) { return (int)((rnext() >> 11) % (uint64_t)n); }
/* uniform integer in [lo, hi]; lo if hi < lo */
static int rint_lh(int lo, int hi) { return hi <= lo ? lo : lo + rint_n(hi - lo + 1); }

static void shuffle(int *a, int n)
{
    int i;
    for (i = n - 1; i > 0; i--) {
        int j = rint_n(i + 1), x = a[i];
        a[i] = a[j];
        a[j] = x;
    }
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */
/* ------------------------------------------------------------------ */
/* days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant) */
static long days_from_civil(long y, long m, long d)
{
    long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *yy, int *mm, int *dd)
{
    long era, doe, yoe, y, doy, mp, d, m;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp + (mp < 10 ? 3 : -9);
    *yy = (int)(y + (m <= 2));
    *mm = (int)m;
    *dd = (int)d;
}

/* months (30.4375 = 487/16 days) in hundredths, rounded; never a tie */
static int cm(int days) { return (int)((3200L * days + 487) / 974); }

/* ------------------------------------------------------------------ */
/* Study design constants                                              */
/* ------------------------------------------------------------------ */
static long CUTOFF;                  /* 2012-10-15 */
static long WIN_LO[NARM], WIN_HI[NARM];
#define LOST_DAYS 164                /* 5.39 months: lost to follow-up */
#define RESP_MIN 21
#define RESP_MAX 90
#define RELAPSE_GAP 28
#define SCT_MIN 35
#define SCT_MAX 175
#define SCT_AFTER_RESP 14
#define ED_MAX 28
#define RES_ALIVE_MAX 365  /* resistant and alive at the cut-off */
#define AIR_AFTER_SCT 14   /* alive in remission: followed past SCT */
/* ranges of o (days) for patients alive at the cut-off, by arm */
static int ALIVE_MIN[NARM], ALIVE_MAX[NARM], DEAD_MAX[NARM];

/* ------------------------------------------------------------------ */
/* Patients                                                            */
/* ------------------------------------------------------------------ */
typedef struct {
    int sct, vod, alk, air, lost; /* slot properties travelling together */
    int dead, rel;                /* vital status, relapse observed */
    int o, r, q, t;               /* days: last contact/death, response,
                                     relapse, transplant */
} Fate;

typedef struct {
    int arm, ageband, age, ecog, salv, crd1, kary, hcvad, psct, cd22;
    int resp, mrd;
    Fate f;
    long start;
} Pat;

static Pat P[NP];

static int is_resp(int r) { return r <= CRI; }

/* ---- categorical cell counts: [arm][responder?1:0][level] ---------- */
/* age band: <=18, 19-59, >=60 */
static const int T_AGE[2][2][3] = { { { 1, 15, 5 }, { 2, 19, 7 } },
                                    { { 1, 11, 5 }, { 2, 14, 8 } } };
/* ECOG band: 0-1, 2-3 */
static const int T_ECOG[2][2][2] = { { { 18, 3 }, { 26, 2 } },
                                     { { 15, 2 }, { 22, 2 } } };
/* ECOG 0 count within 0-1 and ECOG 3 count within 2-3, by arm */
static const int N_ECOG0[2] = { 12, 10 }, N_ECOG3[2] = { 1, 1 };
/* salvage: S1, S2, S3+ */
static const int T_SALV[2][2][3] = { { { 3, 12, 6 }, { 10, 12, 6 } },
                                     { { 4, 5, 8 }, { 12, 5, 7 } } };
/* CRD1 within S1: <12, >=12, NA */
static const int T_CRD1[2][2][3] = { { { 1, 1, 1 }, { 2, 6, 2 } },
                                     { { 3, 1, 0 }, { 9, 1, 2 } } };
/* karyotype: diploid, Ph+, t(4;11), other */
static const int T_KARY[2][2][4] = { { { 2, 4, 3, 12 }, { 10, 3, 2, 13 } },
                                     { { 2, 5, 2, 8 }, { 7, 3, 1, 13 } } };
/* prior hyper-CVAD: yes, no */
static const int T_HCVAD[2][2][2] = { { { 12, 9 }, { 16, 12 } },
                                      { { 12, 5 }, { 17, 7 } } };
/* prior allogeneic SCT: yes, no */
static const int T_PSCT[2][2][2] = { { { 4, 17 }, { 3, 25 } },
                                     { { 1, 16 }, { 2, 22 } } };
/* CD22: >90, 70-89, 50-69 */
static const int T_CD22[2][2][3] = { { { 12, 6, 3 }, { 16, 8, 4 } },
                                     { { 14, 3, 0 }, { 17, 5, 2 } } };
/* response counts by arm: CR, CRp, CRi, resistant, early death */
static const int T_RESP[2][5] = { { 9, 14, 5, 19, 2 }, { 8, 13, 3, 15, 2 } };
/* MRD by arm and response type: negative, positive, not tested */
static const int T_MRD[2][3][3] = { { { 7, 2, 0 }, { 10, 3, 1 }, { 2, 3, 0 } },
                                    { { 7, 1, 0 }, { 9, 3, 1 }, { 1, 2, 0 } } };
/* transplant slots by arm: {vod, alkylators(1,2,0=NA), alive in remission} */
#define NSCT_S 22
#define NSCT_W 14
static const int SCT_SLOT_S[NSCT_S][3] = {
    { 1, 2, 0 }, { 1, 2, 0 }, { 1, 2, 0 }, { 1, 2, 0 }, { 1, 1, 0 },
    { 0, 2, 1 }, { 0, 2, 0 }, { 0, 2, 0 }, { 0, 1, 1 }, { 0, 1, 1 },
    { 0, 1, 1 }, { 0, 1, 0 }, { 0, 1, 0 }, { 0, 1, 0 }, { 0, 1, 0 },
    { 0, 1, 0 }, { 0, 1, 0 }, { 0, 1, 0 }, { 0, 1, 0 }, { 0, 1, 0 },
    { 0, 1, 0 }, { 0, 0, 0 } };
static const int SCT_SLOT_W[NSCT_W][3] = {
    { 1, 2, 1 }, { 0, 2, 1 }, { 0, 2, 1 }, { 0, 2, 1 }, { 0, 2, 0 },
    { 0, 2, 0 }, { 0, 1, 1 }, { 0, 1, 1 }, { 0, 1, 1 }, { 0, 1, 1 },
    { 0, 1, 0 }, { 0, 1, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };

/* indices of the patients of arm a with responder status s */
static int cell_idx[2][2][NP], cell_n[2][2];

/* assign levels of one attribute: counts[arm][resp][level] */
static void assign_attr(const int *counts, int nlev, int which)
{
    int a, s, l, k, lev[NP], m;
    for (a = 0; a < 2; a++)
        for (s = 0; s < 2; s++) {
            m = 0;
            for (l = 0; l < nlev; l++)
                for (k = 0; k < counts[(a * 2 + s) * nlev + l]; k++)
                    lev[m++] = l;
            if (m != cell_n[a][s]) {
                fprintf(stderr, "internal: attribute %d cell %d/%d\n",
                        which, a, s);
                exit(1);
            }
            shuffle(lev, m);
            for (k = 0; k < m; k++) {
                Pat *p = &P[cell_idx[a][s][k]];
                switch (which) {
                case 0: p->ageband = lev[k]; break;
                case 1: p->ecog = lev[k]; break;
                case 2: p->salv = lev[k]; break;
                case 3: p->kary = lev[k]; break;
                case 4: p->hcvad = lev[k] == 0; break;
                case 5: p->psct = lev[k] == 0; break;
                case 6: p->cd22 = lev[k]; break;
                default: break;
                }
            }
        }
}

static void build_categorical(void)
{
    int a, i, k, n = 0, s, l;
    /* response and MRD */
    for (a = 0; a < 2; a++)
        for (l = 0; l < 5; l++)
            for (k = 0; k < T_RESP[a][l]; k++) {
                memset(&P[n], 0, sizeof P[n]);
                P[n].arm = a;
                P[n].resp = l;
                P[n].mrd = MRD_NA;
                P[n].crd1 = -1;
                n++;
            }
    for (a = 0; a < 2; a++)
        for (l = 0; l < 3; l++) {
            int idx[NP], m = 0, lev[NP], mm = 0;
            for (i = 0; i < NP; i++)
                if (P[i].arm == a && P[i].resp == l)
                    idx[m++] = i;
            for (k = 0; k < T_MRD[a][l][0]; k++) lev[mm++] = MRD_NEG;
            for (k = 0; k < T_MRD[a][l][1]; k++) lev[mm++] = MRD_POS;
            for (k = 0; k < T_MRD[a][l][2]; k++) lev[mm++] = MRD_NA;
            shuffle(lev, mm);
            for (k = 0; k < m; k++)
                P[idx[k]].mrd = lev[k];
        }
    for (i = 0; i < NP; i++) {
        a = P[i].arm;
        s = is_resp(P[i].resp);
        cell_idx[a][s][cell_n[a][s]++] = i;
    }
    assign_attr(&T_AGE[0][0][0], 3, 0);
    assign_attr(&T_ECOG[0][0][0], 2, 1);
    assign_attr(&T_SALV[0][0][0], 3, 2);
    assign_attr(&T_KARY[0][0][0], 4, 3);
    assign_attr(&T_HCVAD[0][0][0], 2, 4);
    assign_attr(&T_PSCT[0][0][0], 2, 5);
    assign_attr(&T_CD22[0][0][0], 3, 6);
    /* CRD1 inside salvage 1 */
    for (a = 0; a < 2; a++)
        for (s = 0; s < 2; s++) {
            int idx[NP], m = 0, lev[NP], mm = 0;
            for (k = 0; k < cell_n[a][s]; k++)
                if (P[cell_idx[a][s][k]].salv == 0)
                    idx[m++] = cell_idx[a][s][k];
            for (l = 0; l < 3; l++)
                for (k = 0; k < T_CRD1[a][s][l]; k++)
                    lev[mm++] = l == 2 ? -1 : l;
            if (mm != m) {
                fprintf(stderr, "internal: CRD1 cell\n");
                exit(1);
            }
            shuffle(lev, mm);
            for (k = 0; k < m; k++)
                P[idx[k]].crd1 = lev[k];
        }
    /* exact ECOG: 0 vs 1 inside band 0-1, 2 vs 3 inside band 2-3 */
    for (a = 0; a < 2; a++) {
        int lo[NP], hi[NP], nl = 0, nh = 0;
        for (i = 0; i < NP; i++)
            if (P[i].arm == a) {
                if (P[i].ecog == 0) lo[nl++] = i;
                else hi[nh++] = i;
            }
        shuffle(lo, nl);
        shuffle(hi, nh);
        for (k = 0; k < nl; k++) P[lo[k]].ecog = k < N_ECOG0[a] ? 0 : 1;
        for (k = 0; k < nh; k++) P[hi[k]].ecog = k < N_ECOG3[a] ? 3 : 2;
    }
    /* ages: median 39.5 (sorted 45th = 39, 46th = 40), range 4-84 */
    {
        static const int child[6] = { 4, 7, 11, 14, 17, 18 };
        int ages[3][NP], na[3] = { 0, 0, 0 }, idx[3][NP], ni[3] = { 0, 0, 0 };
        for (k = 0; k < 6; k++) ages[0][na[0]++] = child[k];
        for (k = 0; k < 38; k++) ages[1][na[1]++] = rint_lh(19, 39);
        ages[1][na[1]++] = 39;
        ages[1][na[1]++] = 40;
        for (k = 0; k < 19; k++) ages[1][na[1]++] = rint_lh(40, 59);
        for (k = 0; k < 24; k++) ages[2][na[2]++] = rint_lh(60, 83);
        ages[2][na[2]++] = 84;
        for (i = 0; i < NP; i++) {
            int b = P[i].ageband;
            idx[b][ni[b]++] = i;
        }
        for (l = 0; l < 3; l++) {
            if (ni[l] != na[l]) {
                fprintf(stderr, "internal: age band %d\n", l);
                exit(1);
            }
            shuffle(ages[l], na[l]);
            for (k = 0; k < na[l]; k++)
                P[idx[l][k]].age = ages[l][k];
        }
    }
}

/* ------------------------------------------------------------------ */
/* Hard rules for one patient                                          */
/* ------------------------------------------------------------------ */
static int valid(const Pat *p)
{
    const Fate *f = &p->f;
    int a = p->arm;
    if (p->resp == ED)
        return f->dead && f->o >= 1 && f->o <= ED_MAX;
    if (f->lost)
        return !f->dead && f->o == LOST_DAYS && p->resp == RES;
    if (f->dead) {
        if (f->o < 1 || f->o > DEAD_MAX[a]) return 0;
    } else {
        if (f->o < ALIVE_MIN[a] || f->o > ALIVE_MAX[a]) return 0;
    }
    if (p->resp == RES) /* alive with resistant disease: not for long */
        return f->o > ED_MAX && (f->dead || f->o <= RES_ALIVE_MAX);
    if (f->r < RESP_MIN || f->r > RESP_MAX || f->r >= f->o) return 0;
    if (f->rel && (f->q < f->r + RELAPSE_GAP || f->q >= f->o)) return 0;
    if (f->sct) {
        if (f->t < SCT_MIN || f->t > SCT_MAX) return 0;
        if (f->t < f->r + SCT_AFTER_RESP || f->t >= f->o) return 0;
        if (f->rel && f->t >= f->q) return 0;
    }
    if (f->air)
        return f->sct && !f->dead && !f->rel && f->o >= f->t + AIR_AFTER_SCT;
    if (!f->dead && !f->rel) return 0; /* only the 13 are alive disease-free */
    return 1;
}

/* random fate for a patient keeping its slot properties */
static void random_fate(Pat *p)
{
    Fate *f = &p->f;
    int a = p->arm, tries;
    for (tries = 0; tries < 1000; tries++) {
        if (p->resp == ED) {
            f->dead = 1;
            f->o = rint_lh(3, ED_MAX);
        } else if (f->lost) {
            f->dead = 0;
            f->o = LOST_DAYS;
        } else if (p->resp == RES) {
            f->dead = rint_n(5) != 0;
            f->o = f->dead ? rint_lh(ED_MAX + 1, 400)
                           : rint_lh(ED_MAX + 1, RES_ALIVE_MAX);
        } else {
            f->r = rint_lh(RESP_MIN, 70);
            if (f->air) {
                f->dead = 0;
                f->rel = 0;
            } else {
                f->dead = rint_n(4) != 0;
                f->rel = f->dead ? rint_n(2) : 1;
            }
            f->t = f->sct ? rint_lh(f->r + SCT_AFTER_RESP, SCT_MAX) : 0;
            f->o = f->dead ? rint_lh(f->r + 30, 500)
                           : rint_lh(ALIVE_MIN[a], ALIVE_MAX[a]);
            f->q = f->rel ? rint_lh(f->r + RELAPSE_GAP, f->o - 1) : 0;
            if (f->rel && f->sct && f->q <= f->t)
                f->q = rint_lh(f->t + 1, f->o - 1);
        }
        if (valid(p)) return;
    }
    fprintf(stderr, "internal: cannot initialise a patient\n");
    exit(1);
}

static void build_fates(void)
{
    int a, i, k;
    for (a = 0; a < 2; a++) {
        int idx[NP], m = 0, nslot = a == SINGLE ? NSCT_S : NSCT_W;
        const int (*slot)[3] = a == SINGLE ? SCT_SLOT_S : SCT_SLOT_W;
        for (i = 0; i < NP; i++)
            if (P[i].arm == a && is_resp(P[i].resp))
                idx[m++] = i;
        shuffle(idx, m);
        for (k = 0; k < nslot; k++) {
            Fate *f = &P[idx[k]].f;
            f->sct = 1;
            f->vod = slot[k][0];
            f->alk = slot[k][1];
            f->air = slot[k][2];
        }
    }
    /* one single-dose resistant patient lost to follow-up */
    for (i = 0; i < NP; i++)
        if (P[i].arm == SINGLE && P[i].resp == RES) {
            int j = i + rint_n(T_RESP[SINGLE][RES]);
            P[j].f.lost = 1;
            break;
        }
    for (i = 0; i < NP; i++)
        random_fate(&P[i]);
}

/* ------------------------------------------------------------------ */
/* Kaplan-Meier and log-rank on stored values (hundredths of months)    */
/* ------------------------------------------------------------------ */
#define MAXG 12
#define MONTH12 1200

typedef struct {
    int tm, ev;
    unsigned mask;
} Ent;

typedef struct {
    int med;     /* twice the median in hundredths of months, -1 if not
                    reached (R's rule: where the curve sits at 0.5 on a
                    flat stretch, the midpoint with the next drop) */
    double s12;  /* survival at 12.00 months */
} KMres;

/* R survival's tolerance in findq(): sqrt(.Machine$double.eps) */
#define KM_TOL 1.4901161193847656e-08

static void sort_ord(const Ent *e, int *ord, int n)
{
    int i, j;
    for (i = 1; i < n; i++) {
        int x = ord[i], tx = e[x].tm;
        for (j = i - 1; j >= 0 && e[ord[j]].tm > tx; j--)
            ord[j + 1] = ord[j];
        ord[j + 1] = x;
    }
}

/* one pass over sorted entries: KM for every group and log-rank of
 * group la vs lb (la < 0: none); returns chi-square */
static double km_pass(const Ent *e, const int *ord, int n, int ng,
                      KMres *res, int la, int lb)
{
    int nr[MAXG], d[MAXG], c[MAXG], g, i, j, k, done12 = 0;
    int touched[MAXG], nt, pend[MAXG], last[MAXG];
    double S[MAXG], o1 = 0, e1 = 0, v = 0;
    for (g = 0; g < ng; g++) {
        nr[g] = d[g] = c[g] = 0;
        pend[g] = last[g] = -1;
        S[g] = 1.0;
        res[g].med = -1;
        res[g].s12 = 1.0;
    }
    for (i = 0; i < n; i++) {
        unsigned m = e[i].mask;
        for (g = 0; m; g++, m >>= 1)
            nr[g] += (int)(m & 1u);
    }
    i = 0;
    while (i < n) {
        int tm = e[ord[i]].tm;
        if (!done12 && tm > MONTH12) {
            for (g = 0; g < ng; g++) res[g].s12 = S[g];
            done12 = 1;
        }
        nt = 0;
        for (j = i; j < n && e[ord[j]].tm == tm; j++) {
            const Ent *x = &e[ord[j]];
            unsigned m = x->mask;
            for (g = 0; m; g++, m >>= 1)
                if (m & 1u) {
                    if (d[g] == 0 && c[g] == 0) touched[nt++] = g;
                    if (x->ev) d[g]++;
                    else c[g]++;
                }
        }
        if (la >= 0) {
            int n1 = nr[la], n2 = nr[lb], dd = d[la] + d[lb], nn = n1 + n2;
            if (dd > 0) {
                o1 += d[la];
                e1 += (double)(dd * n1) / (double)nn;
                if (nn > 1)
                    v += (double)((long)n1 * n2 * dd * (nn - dd)) /
                         (double)((long)nn * nn * (nn - 1));
            }
        }
        for (k = 0; k < nt; k++) {
            g = touched[k];
            last[g] = tm;
            if (d[g] > 0) {
                S[g] *= (double)(nr[g] - d[g]) / (double)nr[g];
                if (res[g].med < 0) {
                    if (pend[g] >= 0) res[g].med = pend[g] + tm;
                    else if (S[g] < 0.5 - KM_TOL) res[g].med = 2 * tm;
                    else if (S[g] <= 0.5 + KM_TOL) pend[g] = tm;
                }
            }
            nr[g] -= d[g] + c[g];
            d[g] = c[g] = 0;
        }
        i = j;
    }
    for (g = 0; g < ng; g++) {
        if (!done12) res[g].s12 = S[g];
        if (res[g].med < 0 && pend[g] >= 0) res[g].med = pend[g] + last[g];
    }
    if (la < 0 || v <= 0) return 0;
    return (o1 - e1) * (o1 - e1) / v;
}

/* ------------------------------------------------------------------ */
/* Loss                                                                */
/* ------------------------------------------------------------------ */
static long dist_i(long v, long lo, long hi)
{
    return v < lo ? lo - v : (v > hi ? v - hi : 0);
}

/* distance of a double from [lo, hi] in units of 1/scale, rounded up */
static long dist_d(double v, double lo, double hi, double scale)
{
    if (v < lo) return 1 + (long)((lo - v) * scale);
    if (v > hi) return 1 + (long)((v - hi) * scale);
    return 0;
}

/* a median target: published value in hundredths, tolerance in hundredths */
static long med_loss(const KMres *r, int lo, int hi)
{
    if (r->med < 0) return 2000;
    return (dist_i(r->med, 2 * lo, 2 * hi) + 1) / 2;
}

/* OS groups */
enum { G_ALL, G_SINGLE, G_WEEKLY, G_S1, G_S2, G_S3, G_CR, G_CRPI, G_RES,
       G_MNEG, G_MPOS, NG_OS };
/* RD groups */
enum { R_ALL, R_MNEG, R_MPOS, NG_RD };

static Ent E_os[NP], E_sc[NP], E_rd[NP];
static int O_os[NP], O_sc[NP], O_rd[NP];
static int resp_list[NP], n_resp;

typedef struct {
    KMres os[NG_OS], sc[1], rd[NG_RD];
    double chi_os, chi_rd;
    int fu_med2[2], fu_min[2], fu_max[2], fu_n[2];
    int sct_med2, sct_min, sct_max;
} Stats;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void small_sort(int *a, int n) { qsort(a, (size_t)n, sizeof *a, cmp_int); }

static void compute_stats(Stats *st)
{
    int i, k, a;
    int fu[2][NP], nfu[2] = { 0, 0 }, sc[NP], nsc = 0;
    for (i = 0; i < NP; i++) {
        const Pat *p = &P[i];
        const Fate *f = &p->f;
        unsigned m = 1u << G_ALL;
        m |= 1u << (p->arm == SINGLE ? G_SINGLE : G_WEEKLY);
        m |= 1u << (G_S1 + p->salv);
        if (p->resp == CR) m |= 1u << G_CR;
        else if (p->resp == CRP || p->resp == CRI) m |= 1u << G_CRPI;
        else if (p->resp == RES) m |= 1u << G_RES;
        if (p->mrd == MRD_NEG) m |= 1u << G_MNEG;
        if (p->mrd == MRD_POS) m |= 1u << G_MPOS;
        E_os[i].tm = cm(f->o);
        E_os[i].ev = f->dead;
        E_os[i].mask = m;
        if (f->sct) {
            E_sc[i].tm = cm(f->t);
            E_sc[i].ev = 0;
            sc[nsc++] = E_sc[i].tm;
        } else {
            E_sc[i].tm = E_os[i].tm;
            E_sc[i].ev = f->dead;
        }
        E_sc[i].mask = 1u;
        if (!f->dead) fu[p->arm][nfu[p->arm]++] = E_os[i].tm;
    }
    for (k = 0; k < n_resp; k++) {
        const Pat *p = &P[resp_list[k]];
        const Fate *f = &p->f;
        unsigned m = 1u << R_ALL;
        if (p->mrd == MRD_NEG) m |= 1u << R_MNEG;
        if (p->mrd == MRD_POS) m |= 1u << R_MPOS;
        E_rd[k].tm = cm(f->rel ? f->q - f->r : f->o - f->r);
        E_rd[k].ev = f->rel;
        E_rd[k].mask = m;
    }
    sort_ord(E_os, O_os, NP);
    sort_ord(E_sc, O_sc, NP);
    sort_ord(E_rd, O_rd, n_resp);
    st->chi_os = km_pass(E_os, O_os, NP, NG_OS, st->os, G_MNEG, G_MPOS);
    km_pass(E_sc, O_sc, NP, 1, st->sc, -1, -1);
    st->chi_rd = km_pass(E_rd, O_rd, n_resp, NG_RD, st->rd, R_MNEG, R_MPOS);
    for (a = 0; a < 2; a++) {
        int n = nfu[a];
        small_sort(fu[a], n);
        st->fu_n[a] = n;
        if (n == 0) {
            st->fu_med2[a] = st->fu_min[a] = st->fu_max[a] = 0;
            continue;
        }
        st->fu_med2[a] = fu[a][(n - 1) / 2] + fu[a][n / 2];
        st->fu_min[a] = fu[a][0];
        st->fu_max[a] = fu[a][n - 1];
    }
    small_sort(sc, nsc);
    st->sct_med2 = sc[(nsc - 1) / 2] + sc[nsc / 2];
    st->sct_min = sc[0];
    st->sct_max = sc[nsc - 1];
}

/* chi-square bounds (1 df) for P in [.4755, .4845] and [.2455, .2545] */
#define CHI_OS_LO 0.48880
#define CHI_OS_HI 0.50905
#define CHI_RD_LO 1.29850
#define CHI_RD_HI 1.34865

/* target for the median OS censored at SCT (hundredths of months) */
#define SCT_CENS_LO 616
#define SCT_CENS_HI 624

static long loss_of(const Stats *st)
{
    long L = 0;
    /* OS medians: published value +- 0.04 month */
    L += med_loss(&st->os[G_ALL], 616, 624);
    L += med_loss(&st->os[G_SINGLE], 496, 504);
    L += med_loss(&st->os[G_WEEKLY], 726, 734);
    L += med_loss(&st->os[G_S1], 916, 924);
    L += med_loss(&st->os[G_S2], 426, 434);
    L += med_loss(&st->os[G_S3], 656, 664);
    L += med_loss(&st->os[G_CR], 1306, 1314);
    L += med_loss(&st->os[G_CRPI], 736, 744);
    L += med_loss(&st->os[G_RES], 306, 314);
    L += med_loss(&st->os[G_MNEG], 786, 794);
    L += med_loss(&st->os[G_MPOS], 776, 784);
    L += med_loss(&st->sc[0], SCT_CENS_LO, SCT_CENS_HI);
    /* 1-year rates, +- 0.45 percentage points, in units of 0.1 point */
    L += dist_d(st->os[G_ALL].s12, 0.1955, 0.2045, 1000.0);
    L += dist_d(st->os[G_S1].s12, 0.3655, 0.3745, 1000.0);
    L += dist_d(st->os[G_MNEG].s12, 0.3155, 0.3245, 1000.0);
/* the MRD-positive 1-year rate (9% of 14) needs a particular pattern of
 * early censoring; weighting it heavily makes the search settle it first */
#ifndef W_MPOS
#define W_MPOS 20
#endif
    L += W_MPOS * dist_d(st->os[G_MPOS].s12, 0.0855, 0.0945, 1000.0);
    L += dist_d(st->rd[R_ALL].s12, 0.4155, 0.4245, 1000.0);
    /* remission duration medians */
    L += med_loss(&st->rd[R_ALL], 655, 745);
    L += med_loss(&st->rd[R_MNEG], 1146, 1154);
    L += med_loss(&st->rd[R_MPOS], 506, 514);
    /* log-rank chi-squares, units of 0.001 */
    L += dist_d(st->chi_os, CHI_OS_LO, CHI_OS_HI, 1000.0);
    L += dist_d(st->chi_rd, CHI_RD_LO, CHI_RD_HI, 1000.0);
    /* follow-up among the living: single 21 (5.4-28), weekly 4 (1-19) */
    L += dist_i(st->fu_med2[SINGLE], 2 * 2055, 2 * 2145);
    L += dist_i(st->fu_max[SINGLE], 2755, 2845);
    L += dist_i(st->fu_med2[WEEKLY], 2 * 355, 2 * 445);
    L += dist_i(st->fu_min[WEEKLY], 55, 145);
    L += dist_i(st->fu_max[WEEKLY], 1855, 1945);
    /* start to SCT: median 11 weeks (range 5-25); 1 week = 700/30.4375 */
    L += dist_i(st->sct_med2, 2 * 243, 2 * 263);
    L += dist_i(st->sct_min, 105, 125);
    L += dist_i(st->sct_max, 565, 585);
    return L;
}

/* ------------------------------------------------------------------ */
/* Moves                                                               */
/* ------------------------------------------------------------------ */
static int class_of(const Pat *p) { return is_resp(p->resp) ? 0 : p->resp; }

static int perturb(int v)
{
    static const int scale[5] = { 2, 7, 30, 90, 300 };
    int s = scale[rint_n(5)];
    int d = rint_lh(1, s);
    return rint_n(2) ? v + d : v - d;
}

/* propose a move on patient i (and j for swaps); returns 0 when the
 * move does not apply or breaks a hard rule (the caller restores both) */
static int propose(int kind, int i, int j)
{
    Pat *p = &P[i];
    Fate *f = &p->f;
    if (kind < 50) { /* perturb one time */
        int field = rint_n(4);
        switch (field) {
        case 0: f->o = perturb(f->o); break;
        case 1: if (!is_resp(p->resp)) return 0;
                f->r = perturb(f->r); break;
        case 2: if (!f->rel) return 0;
                f->q = perturb(f->q); break;
        default: if (!f->sct) return 0;
                f->t = perturb(f->t); break;
        }
        return valid(p) ? 1 : 0;
    }
    if (kind < 58) { /* shift the whole time line of a responder */
        int d;
        if (!is_resp(p->resp)) return 0;
        d = perturb(0);
        f->o += d;
        if (f->rel) f->q += d;
        if (rint_n(2)) {
            f->r += d / 4;
            if (f->sct) f->t += d / 4;
        }
        return valid(p) ? 1 : 0;
    }
    if (kind < 66) { /* toggle vital status or relapse */
        if (p->resp == ED || f->lost || f->air) return 0;
        if (p->resp == RES) {
            f->dead = !f->dead;
            f->o = f->dead ? rint_lh(ED_MAX + 1, 500)
                           : rint_lh(ED_MAX + 1, RES_ALIVE_MAX);
        } else if (rint_n(2)) {
            f->dead = !f->dead;
            if (!f->dead) {
                f->rel = 1;
                f->o = rint_lh(ALIVE_MIN[p->arm], ALIVE_MAX[p->arm]);
            } else
                f->o = f->o - rint_lh(0, f->o / 2);
            if (f->q >= f->o || f->q < f->r + RELAPSE_GAP)
                f->q = rint_lh(f->r + RELAPSE_GAP, f->o - 1);
        } else {
            f->rel = !f->rel;
            if (f->rel)
                f->q = rint_lh(f->r + RELAPSE_GAP, f->o - 1);
        }
        return valid(p) ? 1 : 0;
    }
    if (kind < 70) { /* fresh random fate */
        random_fate(p);
        return 1;
    }
    /* swaps between two patients of the same arm */
    if (j == i || P[j].arm != p->arm) return 0;
    if (kind < 82) { /* fate block, same response class */
        Fate tmp;
        if (class_of(p) != class_of(&P[j])) return 0;
        tmp = p->f;
        p->f = P[j].f;
        P[j].f = tmp;
        return 2;
    }
    if (kind < 90) { /* salvage with CRD1, same responder status */
        int x;
        if (is_resp(p->resp) != is_resp(P[j].resp)) return 0;
        x = p->salv; p->salv = P[j].salv; P[j].salv = x;
        x = p->crd1; p->crd1 = P[j].crd1; P[j].crd1 = x;
        return 2;
    }
    /* response type with MRD, both responders */
    {
        int x;
        if (!is_resp(p->resp) || !is_resp(P[j].resp)) return 0;
        if (kind < 95 && p->resp != P[j].resp) return 0; /* MRD only */
        if (kind >= 95) {
            x = p->resp; p->resp = P[j].resp; P[j].resp = x;
        }
        x = p->mrd; p->mrd = P[j].mrd; P[j].mrd = x;
        return 2;
    }
}

/* ------------------------------------------------------------------ */
/* Start dates                                                         */
/* ------------------------------------------------------------------ */
static void assign_starts(void)
{
    int a, i, k;
    for (a = 0; a < 2; a++) {
        long slot[NP];
        int used[NP], n = 0, ns, dead_idx[NP], nd = 0;
        for (i = 0; i < NP; i++)
            if (P[i].arm == a) n++;
        ns = n;
        for (k = 0; k < ns; k++) {
            slot[k] = WIN_LO[a] + ((WIN_HI[a] - WIN_LO[a]) * (2L * k + 1)) / (2L * ns);
            used[k] = 0;
        }
        /* censored at the cut-off: start fixed; drop the nearest slot */
        for (i = 0; i < NP; i++) {
            Pat *p = &P[i];
            if (p->arm != a) continue;
            if (!p->f.dead && !p->f.lost) {
                long best = -1, bd = 0;
                p->start = CUTOFF - p->f.o;
                for (k = 0; k < ns; k++) {
                    long dd = slot[k] - p->start;
                    if (dd < 0) dd = -dd;
                    if (!used[k] && (best < 0 || dd < bd)) {
                        best = k;
                        bd = dd;
                    }
                }
                used[best] = 1;
            } else
                dead_idx[nd++] = i;
        }
        /* the others by latest feasible start, each on a random free slot
         * not after its deadline (feasible whenever any order is) */
        for (i = 1; i < nd; i++) { /* insertion sort by deadline */
            int x = dead_idx[i], j2 = i - 1;
            long dx = CUTOFF - 1 - P[x].f.o;
            while (j2 >= 0 && CUTOFF - 1 - P[dead_idx[j2]].f.o > dx) {
                dead_idx[j2 + 1] = dead_idx[j2];
                j2--;
            }
            dead_idx[j2 + 1] = x;
        }
        for (i = 0; i < nd; i++) {
            Pat *p = &P[dead_idx[i]];
            long dl = CUTOFF - 1 - p->f.o;
            int cand[NP], nc = 0;
            if (p->f.lost) dl = WIN_HI[a];
            for (k = 0; k < ns; k++)
                if (!used[k] && slot[k] <= dl) cand[nc++] = k;
            if (nc == 0) {
                p->start = WIN_LO[a] + rint_n((int)(dl - WIN_LO[a] + 1));
            } else {
                k = cand[rint_n(nc)];
                used[k] = 1;
                p->start = slot[k];
            }
            if (p->start > dl) p->start = dl;
            if (p->start > WIN_HI[a]) p->start = WIN_HI[a];
        }
    }
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */
static void put_months(FILE *out, int days)
{
    int c = cm(days);
    fprintf(out, "%d.%02d", c / 100, c % 100);
}

static void put_date(FILE *out, long day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    fprintf(out, "%04d-%02d-%02d", y, m, d);
}

static int cmp_start(const void *x, const void *y)
{
    const Pat *a = *(const Pat *const *)x, *b = *(const Pat *const *)y;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->arm != b->arm) return a->arm - b->arm;
    return a < b ? -1 : (a > b);
}

static void write_csv(FILE *out, long iters, long loss)
{
    static const char *arm_s[2] = { "single", "weekly" };
    static const char *crd_s[2] = { "lt12", "ge12" };
    static const char *kar_s[4] = { "diploid", "ph", "t411", "other" };
    static const char *cd_s[3] = { "gt90", "70to89", "50to69" };
    static const char *resp_s[5] = { "CR", "CRp", "CRi", "resistant",
                                     "early_death" };
    const Pat *ptr[NP];
    int i;
    for (i = 0; i < NP; i++) ptr[i] = &P[i];
    qsort(ptr, NP, sizeof ptr[0], cmp_start);
    fprintf(out,
        "# RECONSTRUCTED pseudo-individual patient data - NOT trial data.\n"
        "# Consistent with the summary figures published in: Kantarjian H,\n"
        "# Thomas D, Jorgensen J, et al. Results of inotuzumab ozogamicin, a\n"
        "# CD22 monoclonal antibody, in refractory and relapsed acute\n"
        "# lymphocytic leukemia. Cancer 2013;119:2728-36. doi:10.1002/cncr.28136\n"
        "# The trial's patient-level data are not public; every row below is\n"
        "# synthetic.  Use it to demonstrate methods, never to draw clinical\n"
        "# conclusions.\n"
        "# Regenerate byte for byte: cc -O2 -o reconstruct reconstruct.c &&\n"
        "#   ./reconstruct > inotuzumab.csv   (examples/data/reconstruct.c,\n"
        "#   PRNG xoshiro256** seeded with %llu, %ld iterations, loss %ld).\n"
        "# Check against the published figures: Rscript check.R inotuzumab.csv\n"
        "# Data cut-off 2012-10-15.  Times in months (days / 30.4375, two\n"
        "# decimals) from start of therapy, except rd_months (from response).\n"
        "# os_event 1 = died; rd_event 1 = relapse (death in remission is\n"
        "# censored); NA = not applicable or not known.  See README.\n",
        (unsigned long long)SEED, iters, loss);
    fprintf(out, "id,arm,age,ecog,salvage,crd1,karyotype,prior_hcvad,"
                 "prior_sct,cd22,response,mrd,os_months,os_event,sct_months,"
                 "rd_months,rd_event,vod,alkylators,start_date,resp_months,"
                 "relapse_months,lost_to_followup\n");
    for (i = 0; i < NP; i++) {
        const Pat *p = ptr[i];
        const Fate *f = &p->f;
        int r = is_resp(p->resp);
        fprintf(out, "%d,%s,%d,%d,%d,%s,%s,%d,%d,%s,%s,%s,", i + 1,
                arm_s[p->arm], p->age, p->ecog, p->salv + 1,
                p->crd1 < 0 ? "NA" : crd_s[p->crd1], kar_s[p->kary],
                p->hcvad, p->psct, cd_s[p->cd22], resp_s[p->resp],
                p->mrd == MRD_NEG ? "negative"
                                  : (p->mrd == MRD_POS ? "positive" : "NA"));
        put_months(out, f->o);
        fprintf(out, ",%d,", f->dead);
        if (f->sct) put_months(out, f->t);
        else fputs("NA", out);
        fputc(',', out);
        if (r) {
            put_months(out, f->rel ? f->q - f->r : f->o - f->r);
            fprintf(out, ",%d,", f->rel);
        } else
            fputs("NA,NA,", out);
        if (f->sct) fprintf(out, "%d,", f->vod);
        else fputs("NA,", out);
        if (f->sct && f->alk) fprintf(out, "%d,", f->alk);
        else fputs("NA,", out);
        put_date(out, p->start);
        fputc(',', out);
        if (r) put_months(out, f->r);
        else fputs("NA", out);
        fputc(',', out);
        if (r && f->rel) put_months(out, f->q);
        else fputs("NA", out);
        fprintf(out, ",%d\n", f->lost);
    }
}

static void report(const Stats *st, long loss, long it)
{
    static const char *gn[NG_OS] = { "all", "single", "weekly", "S1", "S2",
                                     "S3+", "CR", "CRp+CRi", "resistant",
                                     "MRD-", "MRD+" };
    int g;
    fprintf(stderr, "iterations %ld, loss %ld\n", it, loss);
    for (g = 0; g < NG_OS; g++)
        fprintf(stderr, "  OS %-9s median %6.3f  S(12) %.4f\n", gn[g],
                st->os[g].med / 200.0, st->os[g].s12);
    fprintf(stderr, "  OS censored at SCT median %.3f\n", st->sc[0].med / 200.0);
    fprintf(stderr, "  RD median %.3f S(12) %.4f; MRD- %.3f MRD+ %.3f\n",
            st->rd[0].med / 200.0, st->rd[0].s12, st->rd[1].med / 200.0,
            st->rd[2].med / 200.0);
    fprintf(stderr, "  chi2 OS MRD %.4f, RD MRD %.4f\n", st->chi_os, st->chi_rd);
    fprintf(stderr, "  follow-up single n=%d med %.3f (%.2f-%.2f); weekly n=%d "
                    "med %.3f (%.2f-%.2f)\n",
            st->fu_n[0], st->fu_med2[0] / 200.0, st->fu_min[0] / 100.0,
            st->fu_max[0] / 100.0, st->fu_n[1], st->fu_med2[1] / 200.0,
            st->fu_min[1] / 100.0, st->fu_max[1] / 100.0);
    fprintf(stderr, "  SCT weeks median %.2f (%.2f-%.2f)\n",
            st->sct_med2 / 200.0 * 30.4375 / 7, st->sct_min / 100.0 * 30.4375 / 7,
            st->sct_max / 100.0 * 30.4375 / 7);
}

int main(int argc, char **argv)
{
    static long hist[LAHC_LEN];
    Pat snap[2];
    Stats st;
    long cur, best, it, last_gain = 0, restarts = 0;
    int i, verbose = getenv("RECONSTRUCT_VERBOSE") != NULL;
    FILE *out = stdout;

    CUTOFF = days_from_civil(2012, 10, 15);
    WIN_LO[SINGLE] = days_from_civil(2010, 6, 1);
    WIN_HI[SINGLE] = days_from_civil(2011, 3, 31);
    WIN_LO[WEEKLY] = days_from_civil(2011, 3, 1);
    WIN_HI[WEEKLY] = days_from_civil(2012, 9, 30);
    for (i = 0; i < NARM; i++) {
        ALIVE_MIN[i] = (int)(CUTOFF - WIN_HI[i]);
        ALIVE_MAX[i] = (int)(CUTOFF - WIN_LO[i]);
        DEAD_MAX[i] = ALIVE_MAX[i] - 1;
    }
    ALIVE_MIN[WEEKLY] = 16;  /* 0.53 months: a minimum that rounds to 1 */
    ALIVE_MAX[WEEKLY] = 593; /* 19.48 months: a maximum that rounds to 19 */

    rseed(SEED);
    build_categorical();
    build_fates();
    for (i = 0; i < NP; i++) {
        O_os[i] = O_sc[i] = i;
        if (is_resp(P[i].resp)) resp_list[n_resp++] = i;
    }
    for (i = 0; i < n_resp; i++) O_rd[i] = i;

    compute_stats(&st);
    cur = best = loss_of(&st);
    for (i = 0; i < LAHC_LEN; i++) hist[i] = cur;
    for (it = 0; it < MAX_ITER && cur > 0; it++) {
        int k, kind = rint_n(100), pi = rint_n(NP), pj = rint_n(NP);
        long nl;
        snap[0] = P[pi];
        snap[1] = P[pj];
        if (propose(kind, pi, pj) == 0) {
            P[pj] = snap[1];
            P[pi] = snap[0];
            continue;
        }
        compute_stats(&st);
        nl = loss_of(&st);
        k = (int)(it % LAHC_LEN);
        if (nl <= cur || nl <= hist[k]) {
            cur = nl;
            if (cur < best) {
                best = cur;
                last_gain = it;
            }
        } else {
            P[pj] = snap[1];
            P[pi] = snap[0];
        }
        if (cur < hist[k]) hist[k] = cur;
        if (it - last_gain > STALL) { /* deterministic restart */
            for (i = 0; i < NP; i++) random_fate(&P[i]);
            compute_stats(&st);
            cur = best = loss_of(&st);
            for (i = 0; i < LAHC_LEN; i++) hist[i] = cur;
            last_gain = it;
            restarts++;
        }
        if (verbose && it % 200000 == 0)
            fprintf(stderr, "it %ld cur %ld best %ld\n", it, cur, best);
    }
    compute_stats(&st);
    if (verbose) {
        report(&st, cur, it);
        fprintf(stderr, "  restarts %ld\n", restarts);
    }
    assign_starts();
    if (argc > 1) {
        out = fopen(argv[1], "w");
        if (!out) {
            perror(argv[1]);
            return 1;
        }
    }
    write_csv(out, it, cur);
    if (out != stdout && fclose(out) != 0) {
        perror(argv[1]);
        return 1;
    }
    if (cur > 0) {
        fprintf(stderr, "reconstruct: search budget exhausted, loss %ld\n", cur);
        return 2;
    }
    return 0;
}
