import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TestCardList } from "~/payments/components/test-card-list";
import { paymentsTranslator } from "~/payments/messages";

const rows = (html: string) =>
  [...html.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, " | "));

describe("<TestCardList>", () => {
  it("lists every test card with what it does now and, for cards that can be saved, later (zh)", () => {
    const list = rows(renderToStaticMarkup(<TestCardList t={paymentsTranslator("zh")} />));
    expect(list).toHaveLength(6);
    expect(list[0]).toMatch(/4242 4242 4242 4242.*支付成功.*以后自动扣款成功/);
    expect(list[1]).toMatch(/4000 0027 6000 3184.*支付成功.*需要持卡人验证/);
    expect(list[2]).toMatch(/4000 0000 0000 0341.*支付成功.*以后自动扣款被拒绝/);
    expect(list[3]).toMatch(/4000 0000 0000 0002.*被拒绝/);
    expect(list[3]).not.toMatch(/以后/);
  });

  it("in English", () => {
    const list = rows(renderToStaticMarkup(<TestCardList t={paymentsTranslator("en")} />));
    expect(list[1]).toMatch(/4000 0027 6000 3184.*succeeds.*later charges need authentication/);
    expect(list[2]).toMatch(/4000 0000 0000 0341.*succeeds.*later charges are declined/);
  });
});
