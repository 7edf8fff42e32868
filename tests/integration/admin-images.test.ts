import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import sharp, { type Sharp } from "sharp";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { media, productImages } from "../../db/schema";
import { createCooperative, createProduct } from "../factories/catalog";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { jpegWithLocation, pngBomb, pngDeclaring, twoToneJpeg } from "../unit/media-fixtures";
import { getProduct } from "~/catalog/catalog.server";
import { db } from "~/lib/db.server";
import { setMediaStorage } from "~/media/images.server";
import { listProductImages } from "~/media/product-images.server";
import { listAdminProducts } from "~/catalog/admin-products.server";
import { localMediaStorage, memoryMediaStorage } from "~/media/storage.server";
import { action } from "~/routes/admin.products.$productId.images";

withTestDatabase();

let storage: ReturnType<typeof memoryMediaStorage>;
beforeEach(() => {
  storage = memoryMediaStorage();
  setMediaStorage(storage);
});
afterEach(() => setMediaStorage(null));

const U = "http://localhost";
const url = (productId: string) => `${U}/admin/products/${productId}/images`;

async function setup() {
  const a = await createCooperative({ nameEn: "A farm" });
  const b = await createCooperative({ nameEn: "B farm" });
  const pa = (
    await createProduct({ cooperativeId: a.id, nameZh: "赣南脐橙", nameEn: "Gannan navel oranges" })
  ).product;
  const pb = (await createProduct({ cooperativeId: b.id })).product;
  const member = await signedInUser({ memberOf: [{ cooperativeId: a.id, role: "staff" }] });
  return { a, b, pa, pb, member };
}

/** POSTs files the way the image manager's XMLHttpRequest does. */
async function upload(
  productId: string,
  cookie: string | null,
  files: { name: string; bytes: Buffer; type?: string }[],
) {
  const body = new FormData();
  body.append("intent", "upload");
  for (const f of files)
    body.append(
      "file",
      new File([new Uint8Array(f.bytes)], f.name, { type: f.type ?? "image/jpeg" }),
    );
  const headers = new Headers({ Accept: "application/json" });
  if (cookie) headers.set("Cookie", cookie);
  const request = new Request(url(productId), { method: "POST", body, headers });
  return callRoute<{ ok?: boolean; added?: number; error?: string; file?: string }>(() =>
    action({ request, params: { productId }, context: {} }),
  );
}

function post(productId: string, cookie: string | null, form: Record<string, string>) {
  return callRoute<{ ok?: boolean; error?: string }>(action, {
    url: url(productId),
    method: "POST",
    form,
    cookie,
    params: { productId },
  });
}

async function positions(productId: string) {
  const rows = await db()
    .select()
    .from(productImages)
    .where(eq(productImages.productId, productId))
    .orderBy(asc(productImages.position));
  return rows.map((r) => [r.position, r.mediaId] as const);
}

async function threeImages(productId: string, cookie: string) {
  for (const w of [400, 500, 600])
    expect(
      (await upload(productId, cookie, [{ name: `${w}.jpg`, bytes: await twoToneJpeg(w, 300) }]))
        .status,
    ).toBe(200);
  return (await positions(productId)).map(([, id]) => id);
}

describe("product photo uploads", () => {
  it("stores an upload in every format, appends it, and the storefront shows it at once", async () => {
    const { pa, member } = await setup();
    const before = await getProduct({ slug: pa.slug, locale: "zh" });
    expect(before!.images).toHaveLength(0);
    const res = await upload(pa.id, member.cookie, [
      { name: "orchard.jpg", bytes: await jpegWithLocation(1000, 750) },
      { name: "box.jpg", bytes: await twoToneJpeg(700, 500) },
    ]);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ ok: true, added: 2 });
    const images = await listProductImages({ productId: pa.id });
    expect(
      images.map((i) => [i.position, i.altZh, i.altEn, i.image.formats, i.image.widths]),
    ).toEqual([
      [0, "赣南脐橙", "Gannan navel oranges", ["avif", "webp", "jpg"], [320, 640, 960]],
      [1, "赣南脐橙", "Gannan navel oranges", ["avif", "webp", "jpg"], [320, 640]],
    ]);
    expect(storage.files.size).toBe((3 + 2) * 3);
    const after = await getProduct({ slug: pa.slug, locale: "zh" });
    expect(after!.images.map((i) => i.hash)).toEqual(images.map((i) => i.image.hash));
  });

  it("adds the same photo only once", async () => {
    const { pa, member } = await setup();
    const bytes = await twoToneJpeg(400, 300);
    await upload(pa.id, member.cookie, [{ name: "a.jpg", bytes }]);
    const again = await upload(pa.id, member.cookie, [{ name: "copy.jpg", bytes }]);
    expect(again.data).toMatchObject({ ok: true, added: 0 });
    expect(await positions(pa.id)).toHaveLength(1);
  });

  it("refuses text named .jpg, an oversized file and a bomb, naming the file and storing nothing", async () => {
    const { pa, member } = await setup();
    const good = { name: "good.jpg", bytes: await twoToneJpeg(400, 300) };
    const cases = [
      {
        file: { name: "notes.jpg", bytes: Buffer.from("not a picture at all\n".repeat(50)) },
        status: 415,
      },
      {
        file: {
          name: "huge.jpg",
          bytes: Buffer.concat([await twoToneJpeg(64, 48), Buffer.alloc(20 * 1024 * 1024 + 1)]),
        },
        status: 413,
      },
      { file: { name: "bomb.png", bytes: pngBomb(), type: "image/png" }, status: 422 },
    ];
    for (const { file, status } of cases) {
      // The good file comes first: one bad file refuses the whole request.
      const res = await upload(pa.id, member.cookie, [good, file]);
      expect(res.status, file.name).toBe(status);
      expect(res.data.error, file.name).toContain(file.name);
      expect(res.data.file).toBe(file.name);
    }
    expect(storage.files.size).toBe(0);
    expect(await db().select().from(media)).toHaveLength(0);
    expect(await positions(pa.id)).toHaveLength(0);
  });

  it("refuses more than ten files in one request", async () => {
    const { pa, member } = await setup();
    const files = await Promise.all(
      Array.from({ length: 11 }, async (_, i) => ({
        name: `${i}.jpg`,
        bytes: await twoToneJpeg(330 + i, 300),
      })),
    );
    const res = await upload(pa.id, member.cookie, files);
    expect(res.status).toBe(413);
    expect(res.data.error).toContain("10");
    expect(storage.files.size).toBe(0);
    expect(await positions(pa.id)).toHaveLength(0);
  });

  it("answers a refusal in the shopper's language", async () => {
    const { pa, member } = await setup();
    const res = await upload(
      pa.id,
      `${member.cookie}; hl_lang=${encodeURIComponent(btoa(JSON.stringify("en")))}`,
      [{ name: "notes.jpg", bytes: Buffer.from("hello") }],
    );
    expect(res.status).toBe(415);
    expect(res.data.error).toBe(
      "“notes.jpg” is not an image in a supported format (JPEG, PNG, WebP, AVIF).",
    );
  });
});

describe("photo shapes and encoder limits, on disk", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "harvest-media-"));
    setMediaStorage(localMediaStorage(root));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(root, { recursive: true, force: true });
  });
  const filesOnDisk = async () =>
    (await readdir(root, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => e.name);
  const en = (cookie: string) =>
    `${cookie}; hl_lang=${encodeURIComponent(btoa(JSON.stringify("en")))}`;
  async function expectNothingStored() {
    expect(await filesOnDisk()).toEqual([]);
    expect(await db().select().from(media)).toHaveLength(0);
    expect(await db().select().from(productImages)).toHaveLength(0);
  }

  it("refuses a 9,750,000×4 strip (39 MP, under the pixel cap) with 422 naming the file, storing nothing (it was stored, taking gigabytes)", async () => {
    const { pa, member } = await setup();
    const file = { name: "strip.png", bytes: pngDeclaring(9_750_000, 4), type: "image/png" };
    const zh = await upload(pa.id, member.cookie, [file]);
    expect(zh.status).toBe(422);
    expect(zh.data).toEqual({
      error:
        "“strip.png”的尺寸是 9750000×4 像素：商品图片每边最多 20000 像素，长边最多是短边的 30 倍。",
      file: "strip.png",
    });
    const english = await upload(pa.id, en(member.cookie), [
      { name: "good.jpg", bytes: await twoToneJpeg(400, 300) },
      file,
    ]);
    expect(english.status).toBe(422);
    expect(english.data.error).toBe(
      "“strip.png” is 9750000×4 px: a product photo can be at most 20,000 px on each side, and its long side at most 30 times its short side.",
    );
    await expectNothingStored();
  });

  it("stores a 750×20,000 detail image with every rendition within what its format encodes (it was a 500 leaving files)", async () => {
    const { pa, member } = await setup();
    const bytes = await sharp({
      create: { width: 750, height: 20_000, channels: 3, background: "#f80" },
    })
      .jpeg()
      .toBuffer();
    const res = await upload(pa.id, member.cookie, [{ name: "detail.jpg", bytes }]);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ ok: true, added: 1 });
    const [image] = await listProductImages({ productId: pa.id });
    expect(image!.image).toMatchObject({
      width: 750,
      height: 20_000,
      widths: [320, 640],
      formats: ["avif", "webp", "jpg"],
    });
    expect((await filesOnDisk()).sort()).toEqual([
      "320.avif",
      "320.jpg",
      "320.webp",
      "640.avif",
      "640.jpg",
      "640.webp",
    ]);
    const tallest = await sharp(path.join(root, image!.image.hash, "640.avif")).metadata();
    expect([tallest.width, tallest.height]).toEqual([614, 16_383]);
  });

  it("turns an encoder failure into a 422 naming the file and leaves no files, media or product image rows", async () => {
    const { pa, member } = await setup();
    // What libvips did with a rendition taller than 16,384 px, now for any AVIF encode.
    const avif = sharp.prototype.avif;
    vi.spyOn(sharp.prototype, "avif").mockImplementation(function (this: Sharp, options) {
      const s = avif.call(this, options);
      vi.spyOn(s, "toBuffer").mockRejectedValue(
        new Error("Processed image is too large for the HEIF format"),
      );
      return s;
    });
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await upload(pa.id, en(member.cookie), [
      { name: "orchard.jpg", bytes: await twoToneJpeg(700, 500) },
    ]);
    expect(res.status).toBe(422);
    expect(res.data).toEqual({
      error: "“orchard.jpg” could not be converted for the web; try another photo.",
      file: "orchard.jpg",
    });
    await expectNothingStored();
  });
});

describe("ordering, describing and removing photos", () => {
  it("reorders in one transaction, keeping positions 0..n-1, and refuses a stale order", async () => {
    const { pa, member } = await setup();
    const [x, y, z] = await threeImages(pa.id, member.cookie);
    const res = await post(pa.id, member.cookie, { intent: "reorder", order: [z, x, y].join(",") });
    expect(res.status).toBe(200);
    expect(await positions(pa.id)).toEqual([
      [0, z],
      [1, x],
      [2, y],
    ]);
    const card = await getProduct({ slug: pa.slug, locale: "zh" });
    expect(card!.images[0]!.hash).toBe(
      (await listProductImages({ productId: pa.id }))[0]!.image.hash,
    );

    for (const order of [[x, y].join(","), [x, x, y].join(","), [x, y, "med_nope"].join(","), ""]) {
      const stale = await post(pa.id, member.cookie, { intent: "reorder", order });
      expect([409, 422], order).toContain(stale.status);
    }
    expect(await positions(pa.id)).toEqual([
      [0, z],
      [1, x],
      [2, y],
    ]);
  });

  it("the product list shows the card photo's smallest rendition, following a reorder", async () => {
    const { a, pa, member } = await setup();
    const thumb = async () =>
      (await listAdminProducts({ cooperativeId: a.id, q: "", status: "all" })).find(
        (p) => p.id === pa.id,
      )!.thumbnail;
    expect(await thumb()).toBeNull();
    const [x, , z] = await threeImages(pa.id, member.cookie);
    const hashOf = async (mediaId: string) =>
      (await listProductImages({ productId: pa.id })).find((i) => i.mediaId === mediaId)!.image
        .hash;
    expect(await thumb()).toMatchObject({ hash: await hashOf(x!), width: 320 });
    expect(
      (
        await post(pa.id, member.cookie, {
          intent: "alt",
          mediaId: z!,
          altZh: "礼盒",
          altEn: "Gift box",
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await post(pa.id, member.cookie, {
          intent: "reorder",
          order: [z, x]
            .concat(
              (await positions(pa.id)).map(([, id]) => id).filter((id) => id !== z && id !== x),
            )
            .join(","),
        })
      ).status,
    ).toBe(200);
    expect(await thumb()).toMatchObject({
      hash: await hashOf(z!),
      width: 320,
      altZh: "礼盒",
      altEn: "Gift box",
    });
  });

  it("deletes a photo and closes the gap; deleting the first makes the next the card image", async () => {
    const { pa, member } = await setup();
    const [x, y, z] = await threeImages(pa.id, member.cookie);
    expect((await post(pa.id, member.cookie, { intent: "delete", mediaId: y! })).status).toBe(200);
    expect(await positions(pa.id)).toEqual([
      [0, x],
      [1, z],
    ]);
    expect((await post(pa.id, member.cookie, { intent: "delete", mediaId: x! })).status).toBe(200);
    expect(await positions(pa.id)).toEqual([[0, z]]);
    const page = await getProduct({ slug: pa.slug, locale: "zh" });
    expect(page!.images).toHaveLength(1);
    expect((await post(pa.id, member.cookie, { intent: "delete", mediaId: x! })).status).toBe(409);
  });

  it("saves descriptions in both languages and refuses empty or overlong ones", async () => {
    const { pa, member } = await setup();
    const [x] = await threeImages(pa.id, member.cookie);
    expect(
      (
        await post(pa.id, member.cookie, {
          intent: "alt",
          mediaId: x!,
          altZh: "  一筐脐橙 ",
          altEn: "A basket of oranges",
        })
      ).status,
    ).toBe(200);
    expect((await listProductImages({ productId: pa.id }))[0]).toMatchObject({
      altZh: "一筐脐橙",
      altEn: "A basket of oranges",
    });
    expect(
      (await post(pa.id, member.cookie, { intent: "alt", mediaId: x!, altZh: "", altEn: "x" }))
        .status,
    ).toBe(422);
    expect(
      (
        await post(pa.id, member.cookie, {
          intent: "alt",
          mediaId: x!,
          altZh: "长".repeat(201),
          altEn: "x",
        })
      ).status,
    ).toBe(422);
    expect((await listProductImages({ productId: pa.id }))[0]!.altZh).toBe("一筐脐橙");
  });

  it("refuses a NUL or any other stray byte in a photo id with 422 for every intent, changing nothing (a NUL was a 500)", async () => {
    const { pa, member } = await setup();
    const [x, y] = await threeImages(pa.id, member.cookie);
    const before = await listProductImages({ productId: pa.id });
    for (const bad of [`${x}\u0000`, "\u0000", "med_../../x", "x".repeat(65)]) {
      expect(
        (
          await post(pa.id, member.cookie, {
            intent: "alt",
            mediaId: bad,
            altZh: "礼盒",
            altEn: "Gift box",
          })
        ).status,
        bad,
      ).toBe(422);
      expect(
        (await post(pa.id, member.cookie, { intent: "delete", mediaId: bad })).status,
        bad,
      ).toBe(422);
      expect(
        (await post(pa.id, member.cookie, { intent: "reorder", order: `${y},${bad},${x}` })).status,
        bad,
      ).toBe(422);
    }
    expect(await listProductImages({ productId: pa.id })).toEqual(before);
  });

  it("answers an unknown intent with 400", async () => {
    const { pa, member } = await setup();
    expect((await post(pa.id, member.cookie, { intent: "rotate" })).status).toBe(400);
    expect((await post(pa.id, member.cookie, {})).status).toBe(400);
  });
});

describe("access to product photos", () => {
  it("gives another cooperative's member 404 for every intent and stores or changes nothing", async () => {
    const { pa, pb, member } = await setup();
    const owner = await signedInUser({ memberOf: [{ cooperativeId: pb.cooperativeId }] });
    const [bImage] = await threeImages(pb.id, owner.cookie);
    const filesBefore = storage.files.size;
    const before = await positions(pb.id);

    expect(
      (await upload(pb.id, member.cookie, [{ name: "x.jpg", bytes: await twoToneJpeg(450, 300) }]))
        .status,
    ).toBe(404);
    const forms: Record<string, string>[] = [
      {
        intent: "reorder",
        order: before
          .map(([, id]) => id)
          .reverse()
          .join(","),
      },
      { intent: "delete", mediaId: bImage! },
      { intent: "alt", mediaId: bImage!, altZh: "改", altEn: "changed" },
    ];
    for (const form of forms) {
      expect((await post(pb.id, member.cookie, form)).status, form.intent).toBe(404);
    }
    expect(storage.files.size).toBe(filesBefore);
    expect(await positions(pb.id)).toEqual(before);
    expect((await listProductImages({ productId: pb.id }))[0]!.altZh).not.toBe("改");
    // An id that does not exist looks the same as someone else's.
    expect(
      (await post("prd_missing", member.cookie, { intent: "delete", mediaId: bImage! })).status,
    ).toBe(404);
    expect(await positions(pa.id)).toEqual([]);
  });

  it("sends a signed-out visitor to sign in and a user without a cooperative away with 403", async () => {
    const { pa } = await setup();
    const res = await upload(pa.id, null, [{ name: "x.jpg", bytes: await twoToneJpeg(400, 300) }]);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/account\/sign-in\?redirectTo=/);
    expect((await post(pa.id, null, { intent: "delete", mediaId: "x" })).status).toBe(302);
    const shopper = await signedInUser();
    expect((await post(pa.id, shopper.cookie, { intent: "delete", mediaId: "x" })).status).toBe(
      403,
    );
    expect(storage.files.size).toBe(0);
  });
});
