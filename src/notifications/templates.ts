import type { EmailMessage } from "./schemas";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);

function layout(appName: string, title: string, paragraphs: string[]): { text: string; html: string } {
  return {
    text: [title, "", ...paragraphs, "", `— ${appName}`].join("\n"),
    html: `<!doctype html><html><body style="font-family:sans-serif"><h1>${escapeHtml(title)}</h1>${paragraphs
      .map((p) => `<p>${escapeHtml(p)}</p>`)
      .join("")}<p>— ${escapeHtml(appName)}</p></body></html>`,
  };
}

export function otpEmail(appName: string, phone: string, code: string, otpId: string): EmailMessage {
  return {
    key: `otp:${otpId}`,
    template: "otp_code",
    to: phone,
    subject: `${appName} login code`,
    ...layout(appName, "Your login code", [`Your code is ${code}. It expires in 5 minutes.`, "Never share it."]),
  };
}

export function passwordResetEmail(appName: string, to: string, token: string, resetId: string): EmailMessage {
  return {
    key: `password_reset:${resetId}`,
    template: "password_reset",
    to,
    subject: `Reset your ${appName} password`,
    ...layout(appName, "Reset your password", [
      `Use this token to choose a new password within one hour: ${token}`,
      "If you did not ask for this, ignore this email.",
    ]),
  };
}
