// Answers that must not tell, by how long they took, whether an email has an account: the work
// (a database write and a mail for one, little for the other) runs, then the answer waits until
// `floorMs` have passed since the start. The floor sits above the slow path's usual time.
export async function takingAtLeast<T>(floorMs: number, work: () => Promise<T>, now: () => number = Date.now): Promise<T> {
  const started = now();
  try {
    return await work();
  } finally {
    const left = floorMs - (now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}
