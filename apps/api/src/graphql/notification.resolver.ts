/**
 * Notifications: where alerts go (a signed webhook, email, a ping URL), a test through each, and
 * the log of what was sent. The settings are read and changed by admins (a webhook's or a ping's
 * URL may be a secret in itself), the log read by operators; secrets are never read back.
 */
import { badInput } from "@qvault/core";
import { DateTimeResolver } from "graphql-scalars";
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from "type-graphql";
import { type Delivery, redacted, type NotificationSettings as Settings } from "../services/notifications.js";
import type { Context } from "./context.js";
import { HealthStatusEnum } from "./health.resolver.js";

export const NotificationChannelEnum = { WEBHOOK: "WEBHOOK", EMAIL: "EMAIL", PING: "PING" } as const;
registerEnumType(NotificationChannelEnum, { name: "NotificationChannel" });

@ObjectType({ description: "Where notifications go. Secrets are never read back." })
export class NotificationSettings {
  @Field(() => String, {
    nullable: true,
    description:
      "POSTed a JSON body per event, signed: X-Qvault-Signature is sha256=<hex HMAC-SHA256 of `<X-Qvault-Timestamp>.<body>` with the secret>.",
  })
  webhookUrl!: string | null;

  @Field(() => Boolean, {
    description: "Whether the webhook's signing secret is set (it is never read back).",
  })
  webhookSecretSet!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "smtp:// or smtps:// URL of the mail server; its password shows as ****.",
  })
  smtpUrl!: string | null;

  @Field(() => String, { nullable: true })
  emailFrom!: string | null;

  @Field(() => [String])
  emailTo!: string[];

  @Field(() => String, {
    nullable: true,
    description:
      "healthchecks.io-style: GET after a successful backup (at most once a minute), GET <url>/fail after a failed one.",
  })
  pingUrl!: string | null;
}

@InputType({ description: "Omitted fields keep their value; null clears one." })
export class NotificationSettingsInput {
  @Field(() => String, { nullable: true })
  webhookUrl?: string | null;

  @Field(() => String, { nullable: true, description: "At least 16 characters; needed with a webhook." })
  webhookSecret?: string | null;

  @Field(() => String, { nullable: true })
  smtpUrl?: string | null;

  @Field(() => String, { nullable: true })
  emailFrom?: string | null;

  @Field(() => [String], { nullable: true })
  emailTo?: string[] | null;

  @Field(() => String, { nullable: true })
  pingUrl?: string | null;
}

@ObjectType({ description: "One notification sent (or not), as the log keeps it." })
export class NotificationDelivery {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeResolver)
  at!: Date;

  @Field(() => NotificationChannelEnum)
  channel!: string;

  @Field(() => String, {
    description: "alert.opened, alert.changed, alert.resolved, backup.succeeded, backup.failed or test.",
  })
  event!: string;

  @Field(() => String, { nullable: true, description: "The health check an alert is about." })
  check!: string | null;

  @Field(() => HealthStatusEnum, { nullable: true })
  status!: string | null;

  @Field(() => String)
  message!: string;

  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

const toSettings = (settings: Settings) => Object.assign(new NotificationSettings(), redacted(settings));
const toDelivery = (delivery: Delivery) =>
  Object.assign(new NotificationDelivery(), { ...delivery, at: new Date(delivery.at) });

@Resolver()
export class NotificationResolver {
  @Authorized("ADMIN")
  @Query(() => NotificationSettings, {
    description: "ADMIN only: a webhook's or a ping's URL may be a secret in itself.",
  })
  async notificationSettings(@Ctx() { services }: Context) {
    return toSettings(await services.notifier.settings());
  }

  @Authorized("OPERATOR")
  @Query(() => [NotificationDelivery], { description: "The newest first; 1 to 100." })
  async notificationDeliveries(
    @Arg("first", () => Int, { defaultValue: 20 }) first: number,
    @Ctx() { services }: Context,
  ) {
    if (first < 1 || first > 100) throw badInput("first", `first must be from 1 to 100, not ${first}`);
    return (await services.notifier.deliveries(first)).map(toDelivery);
  }

  @Authorized("ADMIN")
  @Mutation(() => NotificationSettings, {
    description: "A bad value is BAD_USER_INPUT naming the field; applied at once.",
  })
  async updateNotificationSettings(
    @Arg("input", () => NotificationSettingsInput) input: NotificationSettingsInput,
    @Ctx() { services }: Context,
  ) {
    const { emailTo, ...rest } = input;
    return toSettings(
      await services.notifier.update({
        ...rest,
        ...(emailTo === undefined ? {} : { emailTo: emailTo ?? [] }),
      }),
    );
  }

  @Authorized("ADMIN")
  @Mutation(() => NotificationDelivery, {
    description:
      "Sends a test notification through the channel now and says how it went; BAD_USER_INPUT naming `channel` when it is not set up.",
  })
  async sendTestNotification(
    @Arg("channel", () => NotificationChannelEnum) channel: keyof typeof NotificationChannelEnum,
    @Ctx() { services }: Context,
  ) {
    return toDelivery(await services.notifier.sendTest(channel));
  }
}
