import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PhraseDto } from '../../contracts/dto.js';
import { int, str, text } from './columns.js';

/** 规范用语: the scripted phrases per call type, in the order seed 002 recommends. */
@Entity({ name: 'standard_phrase' })
@Index('ix_standard_phrase_type_order', ['callType', 'sortOrder'])
export class StandardPhrase {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('call_type', 32))
  callType!: string;

  @Column(str('stage', 16))
  stage!: PhraseDto['stage'];

  @Column(int('sort_order'))
  sortOrder!: number;

  @Column(text('text_zh', false))
  text!: string;

  @Column(text('text_en'))
  textEn!: string | null;
}
