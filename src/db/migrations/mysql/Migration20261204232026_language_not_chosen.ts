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
    this.addSql(`alter table \`user_preferences\` modify \`language\` enum('en','fr','es') null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`user_preferences\` modify \`language\` enum('en','fr','es') not null default 'fr';`);
  }

}
