/**
 * Small numeric helpers shared by the fits: the logistic function, its log-loss partner, and
 * a Cholesky solver for the (small, dense, symmetric positive-definite) Newton systems.
 */

/** 1 / (1 + e^-x), written to stay finite for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x), stable. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Lower-triangular Cholesky factor L (row-major n x n) of a symmetric positive-definite A,
 * so one factorisation can serve many right-hand sides (the linearized bootstrap).
 */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c <= r; c++) {
      let sum = a[r * n + c];
      for (let k = 0; k < c; k++) sum -= l[r * n + k] * l[c * n + k];
      if (r === c) l[r * n + r] = Math.sqrt(Math.max(sum, 1e-300));
      else l[r * n + c] = sum / l[c * n + c];
    }
  }
  return l;
}

/** Solve L Lᵀ x = b given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, b: ArrayLike<number>, n: number): Float64Array {
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let sum = b[r];
    for (let k = 0; k < r; k++) sum -= l[r * n + k] * y[k];
    y[r] = sum / l[r * n + r];
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let sum = y[r];
    for (let k = r + 1; k < n; k++) sum -= l[k * n + r] * x[k];
    x[r] = sum / l[r * n + r];
  }
  return x;
}

/** Solve A x = b for a symmetric positive-definite A (row-major n x n). */
export function solveSpd(a: Float64Array, b: ArrayLike<number>, n: number): Float64Array {
  return choleskySolve(cholesky(a, n), b, n);
}
