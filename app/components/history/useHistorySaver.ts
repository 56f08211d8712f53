// Saving a result in the background (JavaScript on): "=" never waits for the network. Saves go
// one after another (a guest's list lives in one session, which concurrent writes would race on)
// with keepalive, so a save started just before leaving the page still completes. Failures are
// kept so the page can say so quietly and offer a retry.
import { useCallback, useRef, useState } from "react";

export type PendingSave = { expression: string; input: "keypad" | "typed" };

export const SAVE_URL = "/history/save";

async function post(item: PendingSave): Promise<boolean> {
  try {
    const response = await fetch(SAVE_URL, {
      method: "POST",
      body: new URLSearchParams(item),
      credentials: "same-origin",
      keepalive: true,
    });
    // 422: the server's engine refused the expression; retrying would not help.
    return response.ok || response.status === 422;
  } catch {
    return false;
  }
}

export function useHistorySaver() {
  const queue = useRef<Promise<void>>(Promise.resolve());
  const failed = useRef<PendingSave[]>([]);
  const [failedCount, setFailedCount] = useState(0);

  const save = useCallback((item: PendingSave) => {
    queue.current = queue.current.then(async () => {
      if (await post(item)) return;
      failed.current = [...failed.current, item].slice(-20);
      setFailedCount(failed.current.length);
    });
  }, []);

  const retry = useCallback(() => {
    const items = failed.current;
    failed.current = [];
    setFailedCount(0);
    for (const item of items) save(item);
  }, [save]);

  return { save, failedCount, retry };
}
