import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { KnowledgeArticleDto } from '../../contracts/dto.js';
import { json, str, text, ts } from './columns.js';

/** Knowledge base for agents: eligibility rules, sites, reimbursement policy, FAQ. */
@Entity({ name: 'knowledge_article' })
export class KnowledgeArticle {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ix_knowledge_article_category')
  @Column(str('category', 16))
  category!: KnowledgeArticleDto['category'];

  @Column(str('title', 200))
  title!: string;

  @Column(text('body', false))
  body!: string;

  @Column(json('tags', false))
  tags!: string[];

  @Column(ts('created_at'))
  createdAt!: Date;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}
