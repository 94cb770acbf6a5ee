# Exact Fisher references shared by tests/ref/contingency_ref.R,
# tests/ref/extremes_ref.R and python/tests/make_ref.R (each sources this
# file; it writes nothing itself).

# fisher.test finds the odds ratio and its limits with uniroot at its
# default tolerance (.Machine$double.eps^0.25 on the odds ratio or its
# reciprocal).  To compare to 1e-10 the same function is also run with
# uniroot's tolerance tightened to the floor of R's zeroin (tol_act =
# 2 eps |x|); everything else is fisher.test's own code.
fisher_tight <- local({
  f <- stats::fisher.test
  env <- new.env(parent = environment(f))
  env$uniroot <- function(f, interval, ...)
    stats::uniroot(f, interval, ..., tol = 1e-300, maxiter = 10000)
  environment(f) <- env
  f
})

# fisher.test's r x c p value comes from FEXACT, which merges path lengths
# within its tolerance and so carries relative errors up to about 1e-9 on
# larger tables.  For the small ones, full enumeration of every table with
# the observed margins (FEXACT's criterion: log P <= log P(observed) +
# 3.45254e-7) gives an independent reference.
fisher_enum <- function(x) {
  r <- rowSums(x); cc <- colSums(x); n <- sum(x)
  lconst <- sum(lfactorial(r)) + sum(lfactorial(cc)) - lfactorial(n)
  lobs <- lconst - sum(lfactorial(x))
  nr <- nrow(x); nc <- ncol(x)
  total <- 0; p <- 0
  # Fill row by row; cell (i, j) ranges over what keeps the rest feasible.
  rec <- function(i, j, rr, cr, acc) {
    if (i == nr) {            # last row is the remaining column totals
      lp <- lconst + acc - sum(lfactorial(cr))
      total <<- total + exp(lp)
      if (lp <= lobs + 3.45254e-7) p <<- p + exp(lp)
      return(invisible())
    }
    if (j == nc) {            # last cell of the row takes what is left
      v <- rr
      if (v > cr[nc]) return(invisible())
      cr[nc] <- cr[nc] - v
      return(rec(i + 1, 1, r[i + 1], cr, acc - lfactorial(v)))
    }
    rest <- sum(cr[(j + 1):nc])
    for (v in max(0, rr - rest):min(rr, cr[j])) {
      cr2 <- cr; cr2[j] <- cr2[j] - v
      rec(i, j + 1, rr - v, cr2, acc - lfactorial(v))
    }
  }
  rec(1, 1, r[1], cc, 0)
  stopifnot(abs(total - 1) < 1e-12)
  p
}
