import { Migration } from '@mikro-orm/migrations';

export class Migration20261204190645_content_list_index extends Migration {

  override name = 'Migration20261204190645_content_list_index';

  override up(): void | Promise<void> {
    this.addSql(`drop index "content_status_index";`);
    this.addSql(`create index "content_status_created_at_id_index" on "content" ("status", "created_at", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "content_status_created_at_id_index";`);
    this.addSql(`create index "content_status_index" on "content" ("status");`);
  }

}
