import { handlePaymentOutcome } from "../payments/outcomes.server";
import { recordRefundReported } from "./cancel-refund.server";
import { recordHoldVoided, recordPaymentAuthorized } from "./held-payments.server";
import { recordPaymentFailed, recordPaymentSucceeded } from "./payment-flow.server";

/*
 * What orders does when a provider reports on one of its payments. Loaded by
 * app/lib/registry.server.ts, never imported: payments announces, orders answers.
 */

handlePaymentOutcome("succeeded", recordPaymentSucceeded);
handlePaymentOutcome("failed", recordPaymentFailed);
handlePaymentOutcome("refunded", recordRefundReported);
handlePaymentOutcome("authorized", recordPaymentAuthorized);
handlePaymentOutcome("voided", recordHoldVoided);
