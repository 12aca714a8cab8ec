import { Migration } from '@mikro-orm/migrations';

export class Migration20261124225359_accounts_contact extends Migration {

  override name = 'Migration20261124225359_accounts_contact';

  override up(): void | Promise<void> {
    this.addSql(`create table "contact_messages" ("id" serial primary key, "name" varchar(100) not null, "email" varchar(254) not null, "message" text not null, "ip" varchar(45) null, "user_agent" varchar(255) null, "mailed_at" timestamptz(3) null, "created_at" timestamptz(3) not null);`);
    this.addSql(`create index "contact_messages_created_at_index" on "contact_messages" ("created_at");`);

    this.addSql(`create table "user_preferences" ("user_id" int not null, "theme" text not null default 'light', "language" text not null default 'fr', "notifications" boolean not null default true, "updated_at" timestamptz(3) not null, primary key ("user_id"));`);

    this.addSql(`create table "user_tokens" ("id" serial primary key, "token_hash" varchar(64) not null, "purpose" text not null, "user_id" int not null, "expires_at" timestamptz(3) not null, "used_at" timestamptz(3) null, "created_at" timestamptz(3) not null);`);
    this.addSql(`alter table "user_tokens" add constraint "user_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "user_tokens_user_id_index" on "user_tokens" ("user_id");`);
    this.addSql(`create index "user_tokens_created_at_index" on "user_tokens" ("created_at");`);

    this.addSql(`alter table "users" alter column "locked_until" type timestamptz(3) using ("locked_until"::timestamptz(3));`);
    this.addSql(`alter table "users" alter column "last_login_at" type timestamptz(3) using ("last_login_at"::timestamptz(3));`);
    this.addSql(`alter table "users" alter column "deleted_at" type timestamptz(3) using ("deleted_at"::timestamptz(3));`);
    this.addSql(`alter table "users" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "users" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);

    this.addSql(`alter table "refresh_tokens" alter column "expires_at" type timestamptz(3) using ("expires_at"::timestamptz(3));`);
    this.addSql(`alter table "refresh_tokens" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "refresh_tokens" alter column "revoked_at" type timestamptz(3) using ("revoked_at"::timestamptz(3));`);

    this.addSql(`alter table "audit_events" alter column "at" type timestamptz(3) using ("at"::timestamptz(3));`);

    this.addSql(`alter table "user_preferences" add constraint "user_preferences_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "user_preferences" add constraint "user_preferences_theme_check" check ("theme" in ('light', 'dark', 'auto'));`);
    this.addSql(`alter table "user_preferences" add constraint "user_preferences_language_check" check ("language" in ('en', 'fr', 'es'));`);

    this.addSql(`alter table "user_tokens" add constraint "user_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "user_tokens" add constraint "user_tokens_purpose_check" check ("purpose" in ('email_verify', 'password_reset'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "contact_messages" cascade;`);
    this.addSql(`drop table if exists "user_preferences" cascade;`);
    this.addSql(`drop table if exists "user_tokens" cascade;`);

    this.addSql(`alter table "audit_events" alter column "at" type timestamptz(6) using ("at"::timestamptz(6));`);

    this.addSql(`alter table "refresh_tokens" alter column "expires_at" type timestamptz(6) using ("expires_at"::timestamptz(6));`);
    this.addSql(`alter table "refresh_tokens" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "refresh_tokens" alter column "revoked_at" type timestamptz(6) using ("revoked_at"::timestamptz(6));`);

    this.addSql(`alter table "users" alter column "locked_until" type timestamptz(6) using ("locked_until"::timestamptz(6));`);
    this.addSql(`alter table "users" alter column "last_login_at" type timestamptz(6) using ("last_login_at"::timestamptz(6));`);
    this.addSql(`alter table "users" alter column "deleted_at" type timestamptz(6) using ("deleted_at"::timestamptz(6));`);
    this.addSql(`alter table "users" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "users" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
  }

}
