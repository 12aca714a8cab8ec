import { Migration } from '@mikro-orm/migrations';

/**
 * `user_preferences.language` becomes nullable with no default: null means "not chosen", so mails
 * go out in the site's `default_language` and the console follows the browser. Until now the row was
 * created with 'fr' at the first GET /me/preferences; rows that hold 'fr' are left as they are,
 * because nothing tells a French chosen by the person from the old default (updated_at moves with
 * every change of any preference), and turning a real choice into null would be worse than
 * keeping a default the person can change in one click.
 */
export class Migration20261204232026_language_not_chosen extends Migration {

  override name = 'Migration20261204232026_language_not_chosen';

  override up(): void | Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`user_preferences__temp_alter\` (\`user_id\` integer not null primary key, \`theme\` text check (\`theme\` in ('light', 'dark', 'auto')) not null default 'light', \`language\` text check (\`language\` in ('en', 'fr', 'es')) null, \`notifications\` integer not null default true, \`updated_at\` datetime not null, constraint \`user_preferences_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade);`);
    this.addSql(`insert into \`user_preferences__temp_alter\` select \`user_id\`, \`theme\`, \`language\`, \`notifications\`, \`updated_at\` from \`user_preferences\`;`);
    this.addSql(`drop table \`user_preferences\`;`);
    this.addSql(`alter table \`user_preferences__temp_alter\` rename to \`user_preferences\`;`);
    this.addSql(`pragma foreign_keys = on;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`user_preferences__temp_alter\` (\`language\` text check (\`language\` in ('en', 'fr', 'es')) not null default 'fr', \`notifications\` integer not null default true, \`theme\` text check (\`theme\` in ('light', 'dark', 'auto')) not null default 'light', \`updated_at\` datetime not null, \`user_id\` integer not null primary key, constraint \`user_preferences_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade);`);
    this.addSql(`insert into \`user_preferences__temp_alter\` select \`language\`, \`notifications\`, \`theme\`, \`updated_at\`, \`user_id\` from \`user_preferences\`;`);
    this.addSql(`drop table \`user_preferences\`;`);
    this.addSql(`alter table \`user_preferences__temp_alter\` rename to \`user_preferences\`;`);
    this.addSql(`pragma foreign_keys = on;`);
  }

}
