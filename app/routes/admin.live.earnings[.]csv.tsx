import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { cooperativeAttributionCsv } from "~/live/attribution-csv";
import { saleAttribution } from "~/live/attribution.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const csv = cooperativeAttributionCsv(await saleAttribution({ cooperativeId: cooperative.id }));
  const date = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${cooperative.slug}-live-earnings-${date}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
