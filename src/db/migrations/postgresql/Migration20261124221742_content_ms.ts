import { Migration } from '@mikro-orm/migrations';

export class Migration20261124221742_content_ms extends Migration {

  override name = 'Migration20261124221742_content_ms';

  override up(): void | Promise<void> {
    this.addSql(`alter table "content" alter column "published_at" type timestamptz(3) using ("published_at"::timestamptz(3));`);
    this.addSql(`alter table "content" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`);
    this.addSql(`alter table "content" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "content" alter column "published_at" type timestamptz(6) using ("published_at"::timestamptz(6));`);
    this.addSql(`alter table "content" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`);
    this.addSql(`alter table "content" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`);
  }

}
