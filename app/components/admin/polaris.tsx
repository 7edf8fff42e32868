import { Link } from "@remix-run/react";
import { AppProvider } from "@shopify/polaris";
import type { LinkLikeComponentProps } from "@shopify/polaris/build/ts/src/utilities/link";
import enTranslations from "@shopify/polaris/locales/en.json";
import zhTranslations from "@shopify/polaris/locales/zh-CN.json";
import type { ReactNode } from "react";
import { useI18n } from "../../lib/use-i18n";

// Polaris renders its links through Remix, so moving between admin pages is client-side; a
// download (a CSV) or another site is a plain link, which the browser fetches itself.
function AdminLink({ url, children, external, ...rest }: LinkLikeComponentProps) {
  if (external || rest.download) {
    return (
      <a href={url} {...rest}>
        {children}
      </a>
    );
  }
  return (
    <Link to={url} {...rest}>
      {children}
    </Link>
  );
}

/** Polaris in the page's language, set up once by each console's layout route (admin, host). */
export function Polaris({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  return (
    <AppProvider i18n={locale === "zh" ? zhTranslations : enTranslations} linkComponent={AdminLink}>
      {children}
    </AppProvider>
  );
}
