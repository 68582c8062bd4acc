/** API keys: who may call qvault. Secrets are shown once, by createApiKey, and never again. */
import type { Role } from "@qvault/question-bank";
import { DateTimeResolver } from "graphql-scalars";
import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import type { Context } from "./context.js";
import { RoleEnum } from "./enums.js";

@ObjectType({ description: "An API key, without its secret." })
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true, description: "To the minute." })
  lastUsedAt!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field(() => String, {
    description: "Send as `Authorization: Bearer <secret>`. Shown here once, never again.",
  })
  secret!: string;
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized("ADMIN")
  @Query(() => [ApiKey])
  apiKeys(@Ctx() { services }: Context) {
    return services.apiKeys.list();
  }

  @Authorized()
  @Query(() => ApiKey, { description: "The key making the request." })
  me(@Ctx() { apiKey }: Context) {
    return apiKey;
  }

  @Authorized("ADMIN")
  @Mutation(() => CreatedApiKey)
  createApiKey(
    @Arg("name", () => String) name: string,
    @Arg("role", () => RoleEnum) role: Role,
    @Ctx() { services }: Context,
  ) {
    return services.apiKeys.create(name, role);
  }

  @Authorized("ADMIN")
  @Mutation(() => ApiKey, { description: "Revokes the key and closes its open subscriptions." })
  async revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() { services }: Context) {
    const key = await services.apiKeys.revoke(id);
    services.disconnectKey(key.id);
    return key;
  }
}
