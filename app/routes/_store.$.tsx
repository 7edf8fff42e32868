import { ErrorPage } from "~/components/error-page";
import { notFound } from "~/lib/not-found";

// Any unknown path: a real 404 status; the store layout's boundary renders the page.
export async function loader() {
  throw notFound();
}

export default function NotFound() {
  return <ErrorPage status={404} notFound />;
}
