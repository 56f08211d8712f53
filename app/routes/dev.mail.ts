// /dev/mail: the local SES fake's sent mail, outside production only (app/lib/email/dev-mailbox.server.ts).
import { devMailbox } from "~/lib/email/dev-mailbox.server";

export const loader = () => devMailbox();
