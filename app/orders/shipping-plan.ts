// The plan is a shipping rule and lives in app/shipping/shipping-plan.ts. This re-export only keeps
// checkout-plan.ts building until its import moves with the placeOrder change; add no new users.
export * from "../shipping/shipping-plan";
