import { Migration } from '@mikro-orm/migrations';

export class Migration20261204190645_content_list_index extends Migration {

  override name = 'Migration20261204190645_content_list_index';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`content\` drop index \`content_status_index\`;`);
    this.addSql(`alter table \`content\` add index \`content_status_created_at_id_index\` (\`status\`, \`created_at\`, \`id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`content\` drop index \`content_status_created_at_id_index\`;`);
    this.addSql(`alter table \`content\` add index \`content_status_index\` (\`status\`);`);
  }

}
