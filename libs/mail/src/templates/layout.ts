import { html, SafeHtml } from './html';
import { MailContext } from './mail-template';

/** Shared frame of every HTML email: inline styles only, no remote images or fonts. */
export function layout(title: string, body: SafeHtml, context: MailContext): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width" />
        <title>${title}</title>
      </head>
      <body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933">
        <table role="presentation" width="100%" style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
          <tr>
            <td>
              <p style="margin:0 0 16px;font-size:13px;color:#52606d">${context.productName}</p>
              <h1 style="margin:0 0 16px;font-size:20px">${title}</h1>
              ${body}
              <p style="margin:24px 0 0;font-size:12px;color:#7b8794">Sent by ${context.productName} · ${context.appUrl}</p>
            </td>
          </tr>
        </table>
      </body>
    </html>`;
}

export function textFooter(context: MailContext): string {
  return `\n\n--\nSent by ${context.productName} · ${context.appUrl}\n`;
}

/** An address on the portal, always under APP_URL (which may carry a path prefix), never from a request. */
export function portalLink(context: MailContext, path: string, params: Record<string, string> = {}): string {
  const url = new URL(path.replace(/^\//, ''), context.appUrl.endsWith('/') ? context.appUrl : `${context.appUrl}/`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}
