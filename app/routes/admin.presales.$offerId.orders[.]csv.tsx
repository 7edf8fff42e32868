import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { csvDownload } from "~/lib/csv";
import { invariantFound } from "~/lib/not-found";
import { presaleOrderRows, presaleSummary } from "~/presale/admin.server";
import { presaleOrdersCsv } from "~/presale/orders-csv";
import { presaleIdField } from "~/presale/schemas";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const id = presaleIdField.safeParse({ offerId: params.offerId });
  const presale = id.success
    ? await presaleSummary({ cooperativeId: cooperative.id, offerId: id.data.offerId })
    : null;
  invariantFound(presale);
  const { rows } = await presaleOrderRows({
    cooperativeId: cooperative.id,
    offerId: presale.offerId,
  });
  const date = new Date().toISOString().slice(0, 10);
  return csvDownload(presaleOrdersCsv(rows), `${cooperative.slug}-presale-orders-${date}.csv`);
}
