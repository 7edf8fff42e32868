import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { csvDownload } from "~/lib/csv";
import { cooperativeAttributionCsv } from "~/live/attribution-csv";
import { saleAttribution } from "~/live/attribution.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const csv = cooperativeAttributionCsv(await saleAttribution({ cooperativeId: cooperative.id }));
  const date = new Date().toISOString().slice(0, 10);
  return csvDownload(csv, `${cooperative.slug}-live-earnings-${date}.csv`);
}
