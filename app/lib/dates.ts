// The locales of app/lib/i18n.ts (which imports this file).
type Locale = "zh" | "en";

/*
 * The one way the store writes dates and times, the same on the server and in the browser (so a
 * hydrated page never differs from its HTML): Beijing time always, whatever the machine's zone,
 * built from numbers rather than the runtime's locale data (Node's and a phone's ICU disagree).
 *   date:      2026年12月8日   8 Dec 2026     (a day: harvest, presale window, order date)
 *   date-time: 12月8日 14:30   8 Dec, 14:30   (a moment: tracking event, deadline, hold)
 *   time:      14:30           14:30
 * China keeps no daylight saving time: Beijing is UTC+8 all year.
 */

const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** English month abbreviations, January first. */
export const MONTHS_EN = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

type When = Date | string | number;

/** Year, month (1–12), day, hour and minute in Beijing. */
function beijing(when: When) {
  const d = new Date(new Date(when).getTime() + BEIJING_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

const two = (n: number) => String(n).padStart(2, "0");

function dateText(p: { year: number; month: number; day: number }, locale: Locale): string {
  return locale === "zh"
    ? `${p.year}年${p.month}月${p.day}日`
    : `${p.day} ${MONTHS_EN[p.month - 1]} ${p.year}`;
}

/** A moment's date in Beijing: "2026年12月8日" / "8 Dec 2026". */
export function formatDate(when: When, locale: Locale): string {
  return dateText(beijing(when), locale);
}

/** A moment in Beijing time: "12月8日 14:30" / "8 Dec, 14:30". */
export function formatDateTime(when: When, locale: Locale): string {
  const p = beijing(when);
  const time = `${two(p.hour)}:${two(p.minute)}`;
  return locale === "zh"
    ? `${p.month}月${p.day}日 ${time}`
    : `${p.day} ${MONTHS_EN[p.month - 1]}, ${time}`;
}

/** A moment's clock time in Beijing: "14:30". */
export function formatTime(when: When): string {
  const p = beijing(when);
  return `${two(p.hour)}:${two(p.minute)}`;
}

/** A calendar date with no zone (`YYYY-MM-DD`, a harvest day): "2026年12月8日" / "8 Dec 2026". */
export function formatCalendarDay(isoDate: string, locale: Locale): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  return dateText({ year: year!, month: month!, day: day! }, locale);
}
