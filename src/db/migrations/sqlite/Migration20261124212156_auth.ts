import { Migration } from '@mikro-orm/migrations';

export class Migration20261124212156_auth extends Migration {

  override name = 'Migration20261124212156_auth';

  override up(): void | Promise<void> {
    this.addSql(`create table \`users\` (\`id\` integer not null primary key autoincrement, \`username\` text not null, \`email\` text not null, \`password_hash\` text not null, \`role\` text check (\`role\` in ('admin', 'editor', 'member')) not null default 'member', \`active\` integer not null default true, \`email_verified\` integer not null default false, \`failed_login_count\` integer not null default 0, \`locked_until\` datetime null, \`last_login_at\` datetime null, \`last_login_ip\` text null, \`totp_secret\` text null, \`two_factor_enabled\` integer not null default false, \`totp_last_step\` bigint null, \`deleted_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);
    this.addSql(`create unique index \`users_username_unique\` on \`users\` (\`username\`);`);
    this.addSql(`create unique index \`users_email_unique\` on \`users\` (\`email\`);`);

    this.addSql(`create table \`refresh_tokens\` (\`id\` integer not null primary key autoincrement, \`token_hash\` text not null, \`family_id\` text not null, \`user_id\` integer not null, \`expires_at\` datetime not null, \`created_at\` datetime not null, \`revoked_at\` datetime null, \`replaced_by_id\` integer null, constraint \`refresh_tokens_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade);`);
    this.addSql(`create unique index \`refresh_tokens_token_hash_unique\` on \`refresh_tokens\` (\`token_hash\`);`);
    this.addSql(`create index \`refresh_tokens_family_id_index\` on \`refresh_tokens\` (\`family_id\`);`);
    this.addSql(`create index \`refresh_tokens_user_id_index\` on \`refresh_tokens\` (\`user_id\`);`);

    this.addSql(`create table \`audit_events\` (\`id\` integer not null primary key autoincrement, \`at\` datetime not null, \`actor_id\` integer null, \`action\` text not null, \`target_type\` text null, \`target_id\` text null, \`ip\` text null, \`details\` json null, constraint \`audit_events_actor_id_foreign\` foreign key (\`actor_id\`) references \`users\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`audit_events_at_index\` on \`audit_events\` (\`at\`);`);
    this.addSql(`create index \`audit_events_actor_id_index\` on \`audit_events\` (\`actor_id\`);`);
    this.addSql(`create index \`audit_events_action_index\` on \`audit_events\` (\`action\`);`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop table if exists \`users\`;`);
    this.addSql(`drop table if exists \`refresh_tokens\`;`);
    this.addSql(`drop table if exists \`audit_events\`;`);
  }

}
