import { Migration } from '@mikro-orm/migrations';

export class Migration20261124225356_accounts_contact extends Migration {

  override name = 'Migration20261124225356_accounts_contact';

  override up(): void | Promise<void> {
    this.addSql(`create table \`contact_messages\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`email\` text not null, \`message\` text not null, \`ip\` text null, \`user_agent\` text null, \`mailed_at\` datetime null, \`created_at\` datetime not null);`);
    this.addSql(`create index \`contact_messages_created_at_index\` on \`contact_messages\` (\`created_at\`);`);

    this.addSql(`create table \`user_preferences\` (\`user_id\` integer not null primary key, \`theme\` text check (\`theme\` in ('light', 'dark', 'auto')) not null default 'light', \`language\` text check (\`language\` in ('en', 'fr', 'es')) not null default 'fr', \`notifications\` integer not null default true, \`updated_at\` datetime not null, constraint \`user_preferences_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade);`);

    this.addSql(`create table \`user_tokens\` (\`id\` integer not null primary key autoincrement, \`token_hash\` text not null, \`purpose\` text check (\`purpose\` in ('email_verify', 'password_reset')) not null, \`user_id\` integer not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`created_at\` datetime not null, constraint \`user_tokens_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade);`);
    this.addSql(`create unique index \`user_tokens_token_hash_unique\` on \`user_tokens\` (\`token_hash\`);`);
    this.addSql(`create index \`user_tokens_user_id_index\` on \`user_tokens\` (\`user_id\`);`);
    this.addSql(`create index \`user_tokens_created_at_index\` on \`user_tokens\` (\`created_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`contact_messages\`;`);
    this.addSql(`drop table if exists \`user_preferences\`;`);
    this.addSql(`drop table if exists \`user_tokens\`;`);
  }

}
