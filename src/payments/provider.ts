import { AppError } from "../lib/errors";
import type { PaymentConfig } from "./config";

export const PROVIDERS = ["stripe", "midtrans", "manual"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** The provider's HTTP goes through this, so tests answer at the fetch boundary. */
export type FetchFn = typeof fetch;

export interface ProviderDeps {
  config: PaymentConfig;
  fetch: FetchFn;
}

export interface ChargeRequest {
  paymentId: string;
  orderId: string;
  orderNumber: string;
  email: string;
  /** Shop minor units (money.ts). */
  amount: number;
  currency: string;
}

export interface ChargeStarted {
  providerRef: string | null;
  /** Given to the client to finish paying: client_secret, snap_token + redirect_url, or bank instructions. */
  clientData: Record<string, string>;
}

export interface RefundRequest {
  paymentId: string;
  providerRef: string | null;
  /** Shop minor units. */
  amount: number;
  currency: string;
  reason: string;
  /** Makes a retried refund happen once at the provider. */
  key: string;
}

export interface PaymentProvider {
  readonly name: ProviderName;
  createCharge(request: ChargeRequest): Promise<ChargeStarted>;
  refund(request: RefundRequest): Promise<{ providerRefundRef: string | null }>;
}

export const notConfigured = (provider: ProviderName) =>
  new AppError(503, "provider_not_configured", `Payments with ${provider} are not configured on this server`, { provider });

export const providerError = (provider: ProviderName, message: string) =>
  new AppError(502, "provider_error", `${provider}: ${message}`, { provider });
