/**
 * The name a moderator account gets when none is given (the CLI's `moderator add` without
 * `--name`, the admins' page, ADMIN_EMAIL): its email's mailbox, the part before "@". It is
 * a part of a hidden email, so readers never see it: edits/edit-comment.ts publicModeratorName
 * treats a name equal to it as never chosen, and a change of email renames it
 * (moderators/manage.ts). One function, so the default and that test cannot drift apart.
 */
export function defaultModeratorName(email: string): string {
  return email.split('@')[0]!;
}
