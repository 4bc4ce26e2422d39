"""The scipy reference for the probe benchmarks (docs/performance.md, "Probe at scale").

Reads a problem exported by `AugBuild.Benchmarks probe-cv ... <dir>` or `probe-fit ... <dir>` (features, labels,
CV folds, C grid and AugBuild's fitted parameters) and fits the same objective with scipy: the L2 softmax probe of
method.md with class 0 as reference, L(theta) = sum_i -log p_{y_i} + (1 / 2C) sum_c ||w_c||^2 (biases free),
stopped at the same ||grad L|| <= 1e-8 max(1, ||grad L(0)||):
  - trust-ncg on Hessian-vector products (gtol on the 2-norm, the same criterion exactly);
  - L-BFGS-B (gtol is on the largest gradient entry: given 1e-8 max(1, ||grad L(0)||) / sqrt(p), which implies it).
The CV runs the exported folds over the exported grid in ascending C, each fit warm-started from the previous
one, like AugBuild. Prints wall times, the chosen C and the distance to AugBuild's parameters.

usage: /usr/bin/python3 bench/scipy_reference.py <dir> [trust-ncg,lbfgs]
"""
import sys
import time

import numpy as np
from scipy.optimize import minimize


def load(folder):
    meta = dict(line.split(" ", 1) for line in open(f"{folder}/problem.txt").read().strip().splitlines())
    n, d, k = int(meta["n"]), int(meta["d"]), int(meta["K"])
    x = np.fromfile(f"{folder}/features.f64", dtype="<f8").reshape(n, d)
    y = np.fromfile(f"{folder}/labels.i32", dtype="<i4")
    folds = np.fromfile(f"{folder}/folds.i32", dtype="<i4")
    theta = np.fromfile(f"{folder}/theta.f64", dtype="<f8")
    grid = [float(v) for v in meta["grid"].split(",")]
    return np.hstack([x, np.ones((n, 1))]), y, k, folds, grid, float(meta["C"]), theta


class Objective:
    def __init__(self, xt, y, k, c):
        self.xt, self.y, self.k, self.lam = xt, y, k, 1.0 / c
        self.d1 = xt.shape[1]
        self.onehot = np.eye(k)[y][:, 1:]
        self.mask = np.ones(self.d1)
        self.mask[-1] = 0  # no penalty on the bias
        self._key, self._p = None, None

    def probs(self, theta):
        if self._key is not None and np.array_equal(self._key, theta):
            return self._p
        z = self.xt @ theta.reshape(self.k - 1, self.d1).T
        z = np.hstack([np.zeros((z.shape[0], 1)), z])
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        self._key, self._p = theta.copy(), p
        return p

    def value_and_gradient(self, theta):
        p = self.probs(theta)
        w = theta.reshape(self.k - 1, self.d1)
        value = -np.log(p[np.arange(len(self.y)), self.y]).sum() + 0.5 * self.lam * ((w * self.mask) ** 2).sum()
        g = (p[:, 1:] - self.onehot).T @ self.xt + self.lam * w * self.mask
        return value, g.ravel()

    def hessp(self, theta, v):
        p = self.probs(theta)[:, 1:]
        u = self.xt @ v.reshape(self.k - 1, self.d1).T
        t = p * (u - (p * u).sum(axis=1, keepdims=True))
        return (t.T @ self.xt + self.lam * v.reshape(self.k - 1, self.d1) * self.mask).ravel()


def fit(xt, y, k, c, theta0, solver):
    obj = Objective(xt, y, k, c)
    p = (k - 1) * xt.shape[1]
    g0 = np.linalg.norm(Objective(xt, y, k, c).value_and_gradient(np.zeros(p))[1])
    threshold = 1e-8 * max(1.0, g0)
    if solver == "trust-ncg":
        r = minimize(obj.value_and_gradient, theta0, jac=True, hessp=obj.hessp, method="trust-ncg",
                     options={"gtol": threshold, "maxiter": 1000})
    else:
        r = minimize(obj.value_and_gradient, theta0, jac=True, method="L-BFGS-B",
                     options={"gtol": threshold / np.sqrt(p), "ftol": 0.0, "maxiter": 20000, "maxfun": 40000})
    gnorm = np.linalg.norm(obj.value_and_gradient(r.x)[1])
    return r.x, r.nit, gnorm / max(1.0, g0)


def accuracy(xt, y, k, theta):
    z = xt @ theta.reshape(k - 1, xt.shape[1]).T
    predicted = np.where(z.max(axis=1) > 0, z.argmax(axis=1) + 1, 0)
    return (predicted == y).mean()


def main():
    folder = sys.argv[1]
    solvers = sys.argv[2].split(",") if len(sys.argv) > 2 else ["trust-ncg", "lbfgs"]
    xt, y, k, folds, grid, c_final, theta_ours = load(folder)
    n, d1 = xt.shape
    p = (k - 1) * d1
    print(f"n={n} d={d1 - 1} K={k} p={p}; numpy {np.__version__}")
    for solver in solvers:
        start = time.perf_counter()
        chosen = c_final
        if folds.size == n and len(grid) > 1:
            order = sorted(range(len(grid)), key=lambda g: grid[g])
            scores = np.zeros(len(grid))
            for f in range(folds.max() + 1):
                train, test = folds != f, folds == f
                theta = np.zeros(p)
                for g in order:
                    theta, _, _ = fit(xt[train], y[train], k, grid[g], theta, solver)
                    scores[g] += accuracy(xt[test], y[test], k, theta) / (folds.max() + 1)
            best = order[0]
            for g in order:
                if scores[g] > scores[best] + 1e-12:
                    best = g
            chosen = grid[best]
            cv_seconds = time.perf_counter() - start
            print(f"{solver}: cv {cv_seconds:.2f} s, mean accuracy "
                  + " ".join(f"C={grid[g]:g}:{scores[g]:.3f}" for g in range(len(grid))) + f" -> C = {chosen:g}")
        else:
            cv_seconds = 0.0
        start = time.perf_counter()
        theta, iterations, relative = fit(xt, y, k, chosen, np.zeros(p), solver)
        fit_seconds = time.perf_counter() - start
        gap = np.abs(theta - theta_ours).max() if chosen == c_final else float("nan")
        print(f"{solver}: final fit {fit_seconds:.2f} s ({iterations} iterations, |grad|/max(1,|grad0|) {relative:.2e}, "
              f"max |theta - theta_augbuild| {gap:.2e}); fit stage {cv_seconds + fit_seconds:.2f} s")


if __name__ == "__main__":
    main()
