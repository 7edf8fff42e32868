import type { ShippingMessageKey } from "./messages";
import { SERVICES, ZONES, tariffSchema, type Service, type Tariff, type Zone } from "./tariffs";

/**
 * The tariff editor's flat form: `express.maxParcelG`, `express.divisor`, and per zone
 * `express.local.served` / `.first` / `.step` / `.days`. Prices are typed in yuan and turned
 * into fen exactly (no floating point); the rules themselves live in `tariffSchema`.
 */
export type TariffFormValues = Record<string, string>;
export type TariffFormErrors = Record<string, ShippingMessageKey>;

export const zoneField = (
  service: Service,
  zone: Zone,
  part: "served" | "first" | "step" | "days",
) => `${service}.${zone}.${part}`;

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;

export function tariffToForm(tariff: Tariff): TariffFormValues {
  const values: TariffFormValues = {};
  for (const s of SERVICES) {
    values[`${s}.maxParcelG`] = String(tariff[s].maxParcelG);
    values[`${s}.divisor`] = String(tariff[s].volumetricDivisor);
    for (const z of ZONES) {
      const rate = tariff[s].zones[z];
      values[zoneField(s, z, "served")] = rate ? "on" : "";
      values[zoneField(s, z, "first")] = rate ? yuan(rate.firstFen) : "";
      values[zoneField(s, z, "step")] = rate ? yuan(rate.stepFen) : "";
      values[zoneField(s, z, "days")] = rate ? String(rate.transitDays) : "";
    }
  }
  return values;
}

/** `""` → missing; `"12.5"` → 1250; `"-3"` → -300 (the schema then says "negative"); junk → NaN. */
export function yuanToFen(text: string | undefined): number | undefined {
  const t = (text ?? "").trim().replace(/^¥/, "");
  if (t === "") return undefined;
  const m = /^(-?)(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return Number.NaN;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -fen : fen;
}

function integer(text: string | undefined): number | undefined {
  const t = (text ?? "").trim();
  if (t === "") return undefined;
  return /^-?\d{1,9}$/.test(t) ? Number(t) : Number.NaN;
}

export type ParsedTariffForm =
  { ok: true; tariff: Tariff } | { ok: false; errors: TariffFormErrors };

export function parseTariffForm(values: TariffFormValues): ParsedTariffForm {
  const draft: Record<string, unknown> = {};
  const formats: TariffFormErrors = {};
  const read = (
    name: string,
    parse: (t: string | undefined) => number | undefined,
    format: ShippingMessageKey,
  ) => {
    const n = parse(values[name]);
    if (Number.isNaN(n)) formats[name] = format;
    return n;
  };
  for (const s of SERVICES) {
    const zones: Record<string, unknown> = {};
    for (const z of ZONES) {
      // An unserved zone's fields are ignored: there is no price to check.
      if (!values[zoneField(s, z, "served")]) continue;
      zones[z] = {
        firstFen: read(zoneField(s, z, "first"), yuanToFen, "error.format"),
        stepFen: read(zoneField(s, z, "step"), yuanToFen, "error.format"),
        transitDays: read(zoneField(s, z, "days"), integer, "error.whole"),
      };
    }
    draft[s] = {
      maxParcelG: read(`${s}.maxParcelG`, integer, "error.whole"),
      volumetricDivisor: read(`${s}.divisor`, integer, "error.whole"),
      zones,
    };
  }
  const parsed = tariffSchema.safeParse(draft);
  if (parsed.success && !Object.keys(formats).length) return { ok: true, tariff: parsed.data };
  const errors: TariffFormErrors = {};
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const name = formName(issue.path);
    if (name && !formats[name]) errors[name] ??= issue.message as ShippingMessageKey;
  }
  return { ok: false, errors: { ...errors, ...formats } };
}

const PART: Record<string, string> = {
  firstFen: "first",
  stepFen: "step",
  transitDays: "days",
  maxParcelG: "maxParcelG",
  volumetricDivisor: "divisor",
};

function formName(path: readonly (string | number)[]): string | undefined {
  const [service, a, zone, field] = path.map(String);
  if (a === "zones" && zone && field)
    return zoneField(service as Service, zone as Zone, PART[field] as "first");
  return a && PART[a] ? `${service}.${PART[a]}` : undefined;
}
