import { ErrorPage } from "~/components/error-page";

// Any unknown path: a real 404 status; the store layout's boundary renders the page.
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return <ErrorPage status={404} notFound />;
}
