import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireHost } from "~/auth/session.server";
import { csvDownload } from "~/lib/csv";
import { hostAttributionCsv } from "~/live/attribution-csv";
import { saleAttribution } from "~/live/attribution.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireHost(request);
  const csv = hostAttributionCsv(await saleAttribution({ hostUserId: user.id }));
  return csvDownload(csv, `host-earnings-${new Date().toISOString().slice(0, 10)}.csv`);
}
