import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireHost } from "~/auth/session.server";
import { hostAttributionCsv } from "~/live/attribution-csv";
import { saleAttribution } from "~/live/attribution.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireHost(request);
  const csv = hostAttributionCsv(await saleAttribution({ hostUserId: user.id }));
  const date = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="host-earnings-${date}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
