import { Migration } from '@mikro-orm/migrations';

export class Migration20261124222103_content_search extends Migration {

  override name = 'Migration20261124222103_content_search';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`content\` add \`search_text\` varchar(400) not null default '';`);
    // Rows written before this column: lower() is the closest the database gets to the app's fold().
    this.addSql(`update \`content\` set \`search_text\` = lower(\`title\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`content\` drop column \`search_text\`;`);
  }

}
