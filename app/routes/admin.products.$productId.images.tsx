import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { assertCooperativeAccess, requireAdminUser } from "~/auth/session.server";
import { productIdParam } from "~/catalog/admin-schemas";
import { makeTranslator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { mediaDict } from "~/media/i18n";
import { MAX_FILES_PER_UPLOAD } from "~/media/images";
import {
  findProductForImages,
  ImageListConflict,
  removeProductImage,
  reorderProductImages,
  setProductImageAlt,
  uploadProductImages,
} from "~/media/product-images.server";
import { parseImageUpload, UploadRejected } from "~/media/upload.server";
import { ImageRefused, READS_AVIF } from "~/media/validate.server";
import { readFormObject } from "~/lib/read-form.server";
import { invariantFound } from "~/lib/not-found";

// A photo id as the store makes them (lib/ids.ts); anything else, a NUL included, never reaches a query.
const mediaId = z
  .string()
  .trim()
  .regex(/^med_[A-Za-z0-9]{1,40}$/);
// PostgreSQL text cannot hold U+0000.
const alt = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !s.includes("\u0000"));
const schemas = {
  reorder: z.object({
    order: z
      .string()
      .max(4000)
      .transform((s) => s.split(",").map((x) => x.trim()))
      .pipe(z.array(mediaId).min(1).max(100)),
  }),
  delete: z.object({ mediaId }),
  alt: z.object({ mediaId, altZh: alt, altEn: alt }),
};

const reply = (body: object, status = 200) => Response.json(body, { status });

/** Upload, reorder, delete and describe a product's photos (POST only; the edit page renders them). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdminUser(request);
  const product = productIdParam.safeParse(params.productId).success
    ? await findProductForImages(params.productId!)
    : null;
  invariantFound(product);
  assertCooperativeAccess(user, product.cooperativeId);
  const t = makeTranslator(mediaDict, await getLocale(request));

  try {
    if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
      const { fields, files } = await parseImageUpload(request);
      if (fields.get("intent") !== "upload")
        throw new Response("Bad request: unknown intent", { status: 400 });
      if (files.length === 0) return reply({ error: t("errNoFile") }, 400);
      const result = await uploadProductImages({ product, files });
      return reply({
        ok: true,
        added: result.added.length,
        alreadyThere: result.alreadyThere.length,
      });
    }
    const form = await readFormObject(request);
    const intent = form.intent;
    switch (intent) {
      case "reorder": {
        const parsed = schemas.reorder.safeParse(form);
        if (!parsed.success) return reply({ error: t("errStale") }, 422);
        await reorderProductImages({ productId: product.id, order: parsed.data.order });
        return reply({ ok: true });
      }
      case "delete": {
        const parsed = schemas.delete.safeParse(form);
        if (!parsed.success) return reply({ error: t("errStale") }, 422);
        await removeProductImage({ productId: product.id, mediaId: parsed.data.mediaId });
        return reply({ ok: true });
      }
      case "alt": {
        const parsed = schemas.alt.safeParse(form);
        if (!parsed.success) {
          const tooLong = parsed.error.issues.some((i) => i.code === "too_big");
          return reply({ error: t(tooLong ? "errAltTooLong" : "errAltMissing") }, 422);
        }
        await setProductImageAlt({ productId: product.id, ...parsed.data });
        return reply({ ok: true });
      }
      default:
        throw new Response("Bad request: unknown intent", { status: 400 });
    }
  } catch (error) {
    if (error instanceof ImageRefused) {
      const { megapixels = 0, width = 0, height = 0 } = error.detail;
      const vars = {
        name: error.fileName,
        mp: megapixels,
        width,
        height,
        extra: READS_AVIF ? ", AVIF" : "",
      };
      const key = (
        {
          tooLarge: "errTooLarge",
          notImage: "errNotImage",
          tooManyPixels: "errTooManyPixels",
          badShape: "errBadShape",
          broken: "errBroken",
          unencodable: "errUnencodable",
        } as const
      )[error.code];
      return reply({ error: t(key, vars), file: error.fileName }, error.status);
    }
    if (error instanceof UploadRejected) {
      const message = {
        tooManyFiles: t("errTooManyFiles", { n: MAX_FILES_PER_UPLOAD }),
        bodyTooLarge: t("errBodyTooLarge"),
        badBody: "Bad request",
      }[error.code];
      return reply({ error: message }, error.status);
    }
    if (error instanceof ImageListConflict) return reply({ error: t("errStale") }, 409);
    throw error;
  }
}
