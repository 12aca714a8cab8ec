import { Migration } from '@mikro-orm/migrations';

export class Migration20261124212201_auth extends Migration {

  override name = 'Migration20261124212201_auth';

  override up(): void | Promise<void> {
    this.addSql(`create table "users" ("id" serial primary key, "username" varchar(80) not null, "email" varchar(254) not null, "password_hash" varchar(255) not null, "role" text not null default 'member', "active" boolean not null default true, "email_verified" boolean not null default false, "failed_login_count" int not null default 0, "locked_until" timestamptz null, "last_login_at" timestamptz null, "last_login_ip" varchar(45) null, "totp_secret" varchar(255) null, "two_factor_enabled" boolean not null default false, "totp_last_step" bigint null, "deleted_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "users" add constraint "users_username_unique" unique ("username");`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(`create table "refresh_tokens" ("id" serial primary key, "token_hash" varchar(64) not null, "family_id" varchar(36) not null, "user_id" int not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, "replaced_by_id" int null);`);
    this.addSql(`alter table "refresh_tokens" add constraint "refresh_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "refresh_tokens_family_id_index" on "refresh_tokens" ("family_id");`);
    this.addSql(`create index "refresh_tokens_user_id_index" on "refresh_tokens" ("user_id");`);

    this.addSql(`create table "audit_events" ("id" serial primary key, "at" timestamptz not null, "actor_id" int null, "action" varchar(64) not null, "target_type" varchar(32) null, "target_id" varchar(64) null, "ip" varchar(45) null, "details" jsonb null);`);
    this.addSql(`create index "audit_events_at_index" on "audit_events" ("at");`);
    this.addSql(`create index "audit_events_actor_id_index" on "audit_events" ("actor_id");`);
    this.addSql(`create index "audit_events_action_index" on "audit_events" ("action");`);

    this.addSql(`alter table "users" add constraint "users_role_check" check ("role" in ('admin', 'editor', 'member'));`);

    this.addSql(`alter table "refresh_tokens" add constraint "refresh_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`alter table "audit_events" add constraint "audit_events_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "refresh_tokens" drop constraint "refresh_tokens_user_id_foreign";`);
    this.addSql(`alter table "audit_events" drop constraint "audit_events_actor_id_foreign";`);

    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "refresh_tokens" cascade;`);
    this.addSql(`drop table if exists "audit_events" cascade;`);
  }

}
