import { useCallback, useEffect, useRef, useState } from "react";

/**
 * The server's clock as the device sees it: each stock answer carries `serverTime`; the offset
 * from the device's clock (taken at the middle of the round trip) corrects every countdown, so a
 * phone set five minutes fast still sees the sale open on the second.
 */
export function useServerClock() {
  const offset = useRef<number | null>(null);
  const [now, setNow] = useState<number | null>(null);
  const observe = useCallback((serverTime: string | undefined, sentAt: number, gotAt: number) => {
    const server = serverTime ? Date.parse(serverTime) : NaN;
    if (Number.isNaN(server)) return;
    const seen = server - (sentAt + gotAt) / 2;
    // Keep the estimate from the shortest round trip: a slow answer says less about the clock.
    if (offset.current === null || gotAt - sentAt < 1_000) offset.current = seen;
    setNow(Date.now() + offset.current);
  }, []);
  useEffect(() => {
    const timer = setInterval(() => {
      if (offset.current !== null) setNow(Date.now() + offset.current);
    }, 250);
    return () => clearInterval(timer);
  }, []);
  return { now, observe };
}

/** "1:02:03", "04:05" from milliseconds left. */
export function formatLeft(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
