import { Migration } from '@mikro-orm/migrations';

export class Migration20261124173158_initial extends Migration {

  override name = 'Migration20261124173158_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table \`settings\` (\`key\` varchar(100) not null, \`value\` json null, \`description\` text null, \`encrypted\` tinyint(1) not null default false, \`updated_at\` datetime not null, primary key (\`key\`)) default character set utf8mb4 engine = InnoDB;`);
  }

}
