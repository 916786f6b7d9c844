/** The work's result, or `fallback()` once `ms` pass first (the work is left to finish on its own). */
export function withTimeout<T>(work: Promise<T>, ms: number, fallback: () => T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => Promise.resolve().then(fallback).then(resolve, reject), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
