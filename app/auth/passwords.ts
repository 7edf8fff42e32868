/** Password rules shared by sign-up and reset (NIST 800-63B: length and a blocklist, no composition rules). */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

// Passwords long enough to pass the length rule that still top every leaked-password list
// (English and Chinese keyboards alike). Compared lower-cased.
const COMMON = new Set([
  "1234567890",
  "0123456789",
  "0987654321",
  "12345678910",
  "123456789a",
  "a123456789",
  "1234567890a",
  "1234512345",
  "1q2w3e4r5t",
  "1qaz2wsx3edc",
  "qwertyuiop",
  "qwerty12345",
  "qwerty123456",
  "asdfghjkl1",
  "zxcvbnm123",
  "password12",
  "password123",
  "password1234",
  "passw0rd123",
  "iloveyou12",
  "iloveyou123",
  "abcdefghij",
  "abc1234567",
  "abcd123456",
  "woaini1314",
  "woaini5201314",
  "5201314520",
  "1314520520",
  "a5201314520",
  "11223344556",
  "1122334455",
  "harvestlive",
  "harvestlive123",
  "letmein1234",
  "welcome123",
  "administrator",
  "admin12345",
  "changeme123",
]);

export type PasswordProblem = "tooShort" | "tooLong" | "common";

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email = ""): PasswordProblem | null {
  // Count characters as a person does (code points), not UTF-16 units.
  const length = Array.from(password).length;
  if (length < PASSWORD_MIN) return "tooShort";
  if (length > PASSWORD_MAX) return "tooLong";
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return "common";
  // One character repeated ("aaaaaaaaaa", "1111111111") is as weak as any list entry.
  if (new Set(Array.from(lower)).size === 1) return "common";
  const local = email.trim().toLowerCase().split("@")[0] ?? "";
  if (local.length >= 4 && (lower === local || lower === email.trim().toLowerCase()))
    return "common";
  return null;
}
