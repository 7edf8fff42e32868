import bwipjs from "bwip-js/node";
import { siteOrigin } from "../lib/origin.server";
import { saleCodeFor } from "./console.server";
import { saleIdParam } from "./console-schemas";

/*
 * A sale's QR code: the absolute short link, for a stream overlay (PNG) or print (SVG). bwip-js
 * draws a module 2 pixels wide at scale 1 and leaves no quiet zone of its own: 8 pixels of padding
 * are the 4 modules a scanner needs around the code.
 */

const QUIET = 8;
export const QR_SIZE = { min: 120, max: 2000, default: 600 } as const;

const options = (text: string) =>
  ({ bcid: "qrcode", text, eclevel: "M", padding: QUIET, backgroundcolor: "FFFFFF" }) as const;

/** The short link of a sale the user may see (its host, or a platform admin), or null. */
export async function saleLink(a: {
  request: Request;
  saleId: string | undefined;
  user: { id: string; role: string };
}): Promise<{ code: string; url: string } | null> {
  const id = saleIdParam.safeParse(a.saleId);
  if (!id.success) return null;
  const code = await saleCodeFor({
    saleId: id.data,
    userId: a.user.id,
    platformAdmin: a.user.role === "admin",
  });
  return code ? { code, url: `${siteOrigin(a.request)}/l/${code}` } : null;
}

/** A PNG about `size` pixels square (whole pixels per module, so edges stay sharp); a size out of range is the default. */
export async function qrPng(text: string, size: string | null): Promise<Buffer> {
  const wanted = /^\d{1,4}$/.test(size ?? "") ? Number(size) : QR_SIZE.default;
  const target = wanted >= QR_SIZE.min && wanted <= QR_SIZE.max ? wanted : QR_SIZE.default;
  // The SVG's units are half a PNG pixel at scale 1: its width says the code's size, then scale to fit.
  const units = Number(bwipjs.toSVG(options(text)).match(/viewBox="0 0 (\d+)/)?.[1] ?? 148);
  const scale = Math.max(1, Math.round((target * 2) / units));
  return bwipjs.toBuffer({ ...options(text), scale });
}

/** Shown in the browser, or saved under the sale's code with `?download=1`. */
export function contentDisposition(request: Request, filename: string): string {
  const download = new URL(request.url).searchParams.get("download") === "1";
  return `${download ? "attachment" : "inline"}; filename="${filename}"`;
}

export function qrSvg(text: string): string {
  return bwipjs.toSVG(options(text));
}
