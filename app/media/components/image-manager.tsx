import {
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  DropZone,
  InlineError,
  InlineStack,
  Modal,
  ProgressBar,
  Text,
  TextField,
  Thumbnail,
} from "@shopify/polaris";
import { ArrowDownIcon, ArrowUpIcon } from "@shopify/polaris-icons";
import { useFetcher, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { makeTranslator, type TranslateWith } from "../../lib/i18n";
import { useI18n } from "../../lib/use-i18n";
import { MAX_UPLOAD_BYTES, mediaUrl, type AdminProductImage } from "../images";
import { mediaDict, type MediaKey } from "../i18n";

type T = TranslateWith<MediaKey>;

interface Upload {
  key: number;
  file: File;
  status: "waiting" | "uploading" | "processing" | "done" | "error";
  progress: number;
  message?: string;
}

// Uploads go one file per request, two at a time: per-file progress and errors, and the
// server (2 cores, image encoding is CPU-bound) is never handed a pile at once.
const PARALLEL_UPLOADS = 2;
const ACCEPT = "image/jpeg,image/png,image/webp,image/avif,image/heic,image/heif";

export function imagesAction(productId: string): string {
  return `/admin/products/${encodeURIComponent(productId)}/images`;
}

/** Upload, order, describe and remove a product's photos; the first one is the card image. */
export function ImageManager({
  productId,
  images,
}: {
  productId: string;
  images: AdminProductImage[];
}) {
  const { locale } = useI18n();
  const t = useMemo(() => makeTranslator(mediaDict, locale), [locale]);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const nextKey = useRef(1);
  const revalidator = useRevalidator();
  const action = imagesAction(productId);

  const patch = useCallback((key: number, change: Partial<Upload>) => {
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }, []);

  // Start waiting uploads while fewer than PARALLEL_UPLOADS are in flight.
  useEffect(() => {
    const busy = uploads.filter(
      (u) => u.status === "uploading" || u.status === "processing",
    ).length;
    const next = uploads
      .filter((u) => u.status === "waiting")
      .slice(0, Math.max(0, PARALLEL_UPLOADS - busy));
    for (const u of next) {
      patch(u.key, { status: "uploading", progress: 0 });
      send(action, u.file, {
        progress: (p) =>
          patch(
            u.key,
            p >= 1 ? { status: "processing", progress: 100 } : { progress: Math.round(p * 100) },
          ),
        done: () => {
          patch(u.key, { status: "done", progress: 100 });
          revalidator.revalidate();
        },
        fail: (message) => patch(u.key, { status: "error", message: message || t("uploadFailed") }),
      });
    }
  }, [uploads, action, patch, revalidator, t]);

  const onDrop = useCallback(
    (_all: File[], accepted: File[], rejected: File[]) => {
      const added: Upload[] = [
        ...accepted.map((file) =>
          file.size > MAX_UPLOAD_BYTES
            ? {
                key: nextKey.current++,
                file,
                status: "error" as const,
                progress: 0,
                message: t("tooLarge", { name: file.name }),
              }
            : { key: nextKey.current++, file, status: "waiting" as const, progress: 0 },
        ),
        ...rejected.map((file) => ({
          key: nextKey.current++,
          file,
          status: "error" as const,
          progress: 0,
          message: t("notImage", { name: file.name }),
        })),
      ];
      setUploads((all) => [...all.filter((u) => u.status !== "done"), ...added]);
    },
    [t],
  );

  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {t("title")}
          </Text>
          <Text as="p" tone="subdued">
            {t("help")}
          </Text>
        </BlockStack>
        <DropZone
          accept={ACCEPT}
          type="image"
          allowMultiple
          onDrop={onDrop}
          label={t("dropLabel")}
          labelHidden
        >
          <DropZone.FileUpload actionTitle={t("addFiles")} actionHint={t("dropHint")} />
        </DropZone>
        {uploads.length > 0 ? (
          <UploadList
            uploads={uploads}
            t={t}
            onDismiss={(key) => setUploads((all) => all.filter((u) => u.key !== key))}
          />
        ) : null}
        {images.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("none")}
          </Text>
        ) : (
          <BlockStack gap="300">
            {images.map((img, i) => (
              <ImageRow
                key={img.mediaId}
                image={img}
                index={i}
                all={images}
                action={action}
                t={t}
              />
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

function UploadList({
  uploads,
  t,
  onDismiss,
}: {
  uploads: Upload[];
  t: T;
  onDismiss: (key: number) => void;
}) {
  return (
    <BlockStack gap="200">
      {uploads.map((u) => (
        <Box key={u.key} padding="200" borderWidth="025" borderColor="border" borderRadius="200">
          <BlockStack gap="100">
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <Text as="span" variant="bodySm" truncate>
                {u.file.name}
              </Text>
              <Text as="span" variant="bodySm" tone={u.status === "error" ? "critical" : "subdued"}>
                {t(`status_${u.status}`)}
              </Text>
            </InlineStack>
            {u.status === "error" ? (
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <InlineError message={u.message ?? t("uploadFailed")} fieldID={`upload-${u.key}`} />
                <Button variant="plain" onClick={() => onDismiss(u.key)}>
                  {t("dismiss")}
                </Button>
              </InlineStack>
            ) : (
              <ProgressBar
                progress={u.progress}
                size="small"
                tone={u.status === "done" ? "success" : "highlight"}
                animated={u.status !== "done"}
              />
            )}
          </BlockStack>
        </Box>
      ))}
    </BlockStack>
  );
}

function ImageRow({
  image,
  index,
  all,
  action,
  t,
}: {
  image: AdminProductImage;
  index: number;
  all: AdminProductImage[];
  action: string;
  t: T;
}) {
  const fetcher = useFetcher<{ ok?: boolean; error?: string }>();
  const [altZh, setAltZh] = useState(image.altZh);
  const [altEn, setAltEn] = useState(image.altEn);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    setAltZh(image.altZh);
    setAltEn(image.altEn);
  }, [image.altZh, image.altEn]);
  const busy = fetcher.state !== "idle";
  const move = (to: number) => {
    const order = all.map((x) => x.mediaId);
    order.splice(index, 1);
    order.splice(to, 0, image.mediaId);
    fetcher.submit({ intent: "reorder", order: order.join(",") }, { method: "post", action });
  };
  const dirty = altZh !== image.altZh || altEn !== image.altEn;
  const thumb = image.image.widths[0] ?? 320;
  const thumbFormat = image.image.formats.includes("webp") ? "webp" : "jpg";
  return (
    <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200">
      <BlockStack gap="300">
        <InlineStack gap="300" blockAlign="start" wrap={false}>
          <Thumbnail
            source={mediaUrl(image.image.hash, thumb, thumbFormat)}
            alt={image.altZh}
            size="large"
          />
          <BlockStack gap="200">
            <Text as="span" variant="headingSm">
              {index === 0 ? t("cardImage") : t("position", { n: index + 1 })}
            </Text>
            {/* Arrows keep the three actions on one line beside the photo, even in the narrow desktop sidebar. */}
            <InlineStack gap="200" blockAlign="center">
              <ButtonGroup variant="segmented">
                <Button
                  size="slim"
                  icon={ArrowUpIcon}
                  disabled={index === 0 || busy}
                  onClick={() => move(index - 1)}
                  accessibilityLabel={t("moveUpLabel", { n: index + 1 })}
                />
                <Button
                  size="slim"
                  icon={ArrowDownIcon}
                  disabled={index === all.length - 1 || busy}
                  onClick={() => move(index + 1)}
                  accessibilityLabel={t("moveDownLabel", { n: index + 1 })}
                />
              </ButtonGroup>
              <Button
                size="slim"
                tone="critical"
                disabled={busy}
                onClick={() => setConfirming(true)}
              >
                {t("delete")}
              </Button>
            </InlineStack>
          </BlockStack>
        </InlineStack>
        <TextField
          label={t("altZh")}
          value={altZh}
          onChange={setAltZh}
          autoComplete="off"
          maxLength={200}
        />
        <TextField
          label={t("altEn")}
          value={altEn}
          onChange={setAltEn}
          autoComplete="off"
          maxLength={200}
        />
        {dirty ? (
          <InlineStack align="end">
            <Button
              variant="primary"
              size="slim"
              loading={busy}
              onClick={() =>
                fetcher.submit(
                  { intent: "alt", mediaId: image.mediaId, altZh, altEn },
                  { method: "post", action },
                )
              }
            >
              {t("saveAlt")}
            </Button>
          </InlineStack>
        ) : null}
        {fetcher.state === "idle" && fetcher.data?.error ? (
          <Banner tone="critical">{fetcher.data.error}</Banner>
        ) : null}
      </BlockStack>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("deleteTitle")}
        primaryAction={{
          content: t("delete"),
          destructive: true,
          onAction: () => {
            setConfirming(false);
            fetcher.submit(
              { intent: "delete", mediaId: image.mediaId },
              { method: "post", action },
            );
          },
        }}
        secondaryActions={[{ content: t("cancel"), onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <Text as="p">{index === 0 ? t("deleteCardBody") : t("deleteBody")}</Text>
        </Modal.Section>
      </Modal>
    </Box>
  );
}

// XMLHttpRequest rather than fetch: only XHR reports upload progress.
function send(
  action: string,
  file: File,
  on: { progress: (p: number) => void; done: () => void; fail: (message: string) => void },
) {
  const body = new FormData();
  body.append("intent", "upload");
  body.append("file", file, file.name);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", action);
  xhr.setRequestHeader("Accept", "application/json");
  xhr.upload.onprogress = (e) => e.lengthComputable && on.progress(e.loaded / e.total);
  xhr.onload = () => {
    let error = "";
    try {
      error = (JSON.parse(xhr.responseText) as { error?: string }).error ?? "";
    } catch {
      error = xhr.status >= 400 ? xhr.statusText : "";
    }
    if (xhr.status >= 200 && xhr.status < 300 && !error) on.done();
    else on.fail(error);
  };
  xhr.onerror = () => on.fail("");
  xhr.send(body);
}
