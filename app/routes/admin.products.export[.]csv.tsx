import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { buildProductCsv } from "~/catalog/csv";
import { csvDownload } from "~/lib/csv";
import { exportProductRows } from "~/listings/csv.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const csv = buildProductCsv(await exportProductRows({ cooperativeId: cooperative.id }));
  const date = new Date().toISOString().slice(0, 10);
  return csvDownload(csv, `${cooperative.slug}-products-${date}.csv`);
}
