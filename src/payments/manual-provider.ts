import { type ChargeRequest, type ChargeStarted, notConfigured, type PaymentProvider, type ProviderDeps } from "./provider";

/** Bank transfer: the customer pays outside, staff confirm or reject; refunds are paid out by hand too. */
export function manualProvider(deps: ProviderDeps): PaymentProvider {
  const instructions = deps.config.bankTransferInstructions;
  if (!instructions) throw notConfigured("manual");
  return {
    name: "manual",
    async createCharge(request: ChargeRequest): Promise<ChargeStarted> {
      return {
        providerRef: null,
        clientData: { instructions, reference: request.orderNumber },
      };
    },
    async refund() {
      return { providerRefundRef: null };
    },
  };
}
