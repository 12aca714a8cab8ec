import { Migration } from '@mikro-orm/migrations';

export class Migration20261124220813_content extends Migration {

  override name = 'Migration20261124220813_content';

  override up(): void | Promise<void> {
    this.addSql(`create table \`content\` (\`id\` int unsigned not null auto_increment primary key, \`slug\` varchar(200) not null, \`title\` varchar(200) not null, \`body\` text not null, \`excerpt\` varchar(300) not null, \`type\` enum('post','page','article') not null default 'post', \`status\` enum('draft','published','archived') not null default 'draft', \`author_id\` int unsigned null, \`published_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` int not null default 1) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`content\` add unique \`content_slug_unique\` (\`slug\`);`);
    this.addSql(`alter table \`content\` add index \`content_type_index\` (\`type\`);`);
    this.addSql(`alter table \`content\` add index \`content_status_index\` (\`status\`);`);
    this.addSql(`alter table \`content\` add index \`content_author_id_index\` (\`author_id\`);`);
    this.addSql(`alter table \`content\` add index \`content_created_at_index\` (\`created_at\`);`);

    this.addSql(`alter table \`content\` add constraint \`content_author_id_foreign\` foreign key (\`author_id\`) references \`users\` (\`id\`) on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`content\`;`);
  }

}
