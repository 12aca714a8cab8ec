import { Migration } from '@mikro-orm/migrations';

export class Migration20261204195206_content_body_mediumtext extends Migration {

  override name = 'Migration20261204195206_content_body_mediumtext';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`content\` modify \`body\` mediumtext not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`content\` modify \`body\` text not null;`);
  }

}
