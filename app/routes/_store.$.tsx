import type { MetaFunction } from "@remix-run/node";
import { ErrorPage } from "~/components/error-page";

// Any unknown path: a real 404 status with the store's header and a way on.
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export const meta: MetaFunction = () => [{ title: "404" }, { name: "robots", content: "noindex" }];

export default function NotFound() {
  return <ErrorPage status={404} notFound />;
}
