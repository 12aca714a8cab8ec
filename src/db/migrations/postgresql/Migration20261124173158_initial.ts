import { Migration } from '@mikro-orm/migrations';

export class Migration20261124173158_initial extends Migration {

  override name = 'Migration20261124173158_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "settings" ("key" varchar(100) not null, "value" jsonb null, "description" text null, "encrypted" boolean not null default false, "updated_at" timestamptz not null, primary key ("key"));`);
  }

}
