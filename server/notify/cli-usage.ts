/** Usage lines of the notification CLI commands (kept apart so the CLI loads nodemailer only when used). */
export const NOTIFY_USAGE = `  npm run cli -- mail test --to E [--lang ar|en]
  npm run cli -- webhook add S --url U [--events comment.created,comment.approved,comment.status_changed] [--private]
  npm run cli -- webhook list S
  npm run cli -- webhook remove S ID`;

export class NotifyUsageError extends Error {}
